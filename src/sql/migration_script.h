#pragma once
// The SQL that turns a diff's FROM schema into its TO schema (`driftgate diff --script`), written
// in Prisma Migrate's style: "-- Step" headers, one statement per line group, ";" endings.
//
// Statement order (dependencies first, then Prisma's order where it has one):
//   CreateSchema, CreateExtension, AlterExtension, DropTrigger, DropView, DropRoutine (routines
//   that cannot be replaced in place), DropForeignKey, DropCheckConstraint, DropIndex, DropTable,
//   CreateEnum, AlterEnum, CreateSequence, CreateRoutine, CreateTable, AlterTable, CreateIndex
//   (with RedefineIndex for MySQL's changed indexes), AddCheckConstraint, AddForeignKey,
//   AlterSequence, CreateView, CreateTrigger, then the drops that must wait until nothing uses
//   the object any more: DropRoutine, DropEnum, DropSequence, DropExtension, DropSchema.
//
// Names are qualified with their PostgreSQL schema unless it is "public" (as Prisma does only for
// multi-schema projects, so the usual script stays unqualified); MySQL names never are: the
// script runs in the database it is applied to. Destructive steps are written like any other:
// the script is what makes FROM equal TO, and judging it is the linter's job.
#include <string>

#include "core/schema_diff.h"

namespace driftgate {

// "-- This is an empty migration." for an empty diff, as Prisma writes it.
std::string write_migration_script(const SchemaDiff& diff, Provider provider);

}  // namespace driftgate
