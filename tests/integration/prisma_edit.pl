#!/usr/bin/env perl
# One scripted edit of a copied Prisma schema, for corpus_datamodel_edits.sh:
#   prisma_edit.pl EDIT SCHEMA_DIR HISTORY_SNAPSHOT
# edits the .prisma files under SCHEMA_DIR in place and prints one JSON object: what it changed
# ("target"), the changes `diff --from <history> --to schema:SCHEMA_DIR --format json` must report
# beyond the unedited schema's ("expect"), and for add-relation the foreign key and column the
# edited schema must hold ("foreign_key", "column"); or "skip" with the reason when the schema has
# nothing to apply the edit to. Targets are the first fit in file order (files in byte order of
# their paths), so every run picks the same ones. HISTORY_SNAPSHOT (`driftgate snapshot` of the
# history) supplies the column types and enum values the expected details quote.
#
# Edits: drop-field, change-type (String -> Int), make-optional, add-index, rename-model (keeping
# the table with @@map), add-enum-value, add-relation (an optional n:1 relation).
use strict;
use warnings;
use File::Find;
use JSON::PP;

my ($edit, $dir, $snapshot_path) = @ARGV;
die "usage: prisma_edit.pl EDIT SCHEMA_DIR HISTORY_SNAPSHOT\n" unless defined $snapshot_path;

my %scalars = map { $_ => 1 } qw(String Int BigInt Float Decimal Boolean DateTime Json Bytes);
my $json = JSON::PP->new->canonical;

sub slurp { local (@ARGV, $/) = @_; return <>; }
my $snapshot = $json->decode(slurp($snapshot_path));

# --- reading the schema: files, blocks, fields ---------------------------------------------------

my @paths;
find({ no_chdir => 1, wanted => sub { push @paths, $File::Find::name if /\.prisma\z/ && -f } }, $dir);
@paths = sort @paths;
my %lines = map { $_ => [ split /^/, slurp($_) ] } @paths;

my $source = join '', map { @{ $lines{$_} } } @paths;
my ($datasource) = $source =~ /^\s*datasource\s+(\w+)\s*\{/m;
my ($relation_mode) = $source =~ /^\s*relationMode\s*=\s*"(\w+)"/m;
my $foreign_keys = !defined $relation_mode || $relation_mode ne 'prisma';

# Blocks in file order: {kind, name, path, open (line index), close, fields, db_name}.
my @blocks;
for my $path (@paths) {
  my $l = $lines{$path};
  for (my $i = 0; $i < @$l; ++$i) {
    next unless $l->[$i] =~ /^\s*(model|enum|view|type)\s+(\w+)\s*\{/;
    my $block = { kind => $1, name => $2, path => $path, open => $i, fields => [] };
    my $j = $i + 1;
    ++$j while $j < @$l && $l->[$j] !~ /^\s*\}/;
    $block->{close} = $j;
    my ($map) = join('', @$l[$i .. $j]) =~ /^\s*\@\@map\(\s*(?:name:\s*)?"([^"]+)"/m;
    $block->{db_name} = $map // $block->{name};
    push @blocks, $block;
    $i = $j;
  }
}
my %models = map { $_->{name} => $_ } grep { $_->{kind} eq 'model' } @blocks;

for my $m (values %models) {
  my $l = $lines{ $m->{path} };
  for my $i ($m->{open} + 1 .. $m->{close} - 1) {
    next unless $l->[$i] =~ /^\s*(\w+)\s+(\w+(?:\("[^"]*"\))?)(\[\])?(\?)?(.*)$/;
    my ($name, $type, $list, $optional, $attributes) = ($1, $2, $3, $4, $5);
    my ($map) = $attributes =~ /\@map\(\s*(?:name:\s*)?"([^"]+)"/;
    push @{ $m->{fields} }, { name => $name, type => $type, list => !!$list, optional => !!$optional,
                              attributes => $attributes, line => $i, db_name => $map // $name };
  }
}

# --- choosing targets ----------------------------------------------------------------------------

sub block_text { my ($b) = @_; return join '', @{ $lines{ $b->{path} } }[ $b->{open} .. $b->{close} ]; }

# A plain scalar column: no key of its own, and its name appears nowhere else in its model (so no
# index, unique, primary key or relation lists it), which keeps each edit to one change.
sub plain_scalar {
  my ($m, $f) = @_;
  return 0 if !$scalars{ $f->{type} } || $f->{list};
  return 0 if $f->{attributes} =~ /(?<!\@)\@(?:id|unique)\b|autoincrement\(\)/;
  my @mentions = block_text($m) =~ /\b\Q$f->{name}\E\b/g;
  return @mentions == 1;
}

# The first model field, in file and declaration order, for which `accept` holds.
sub first_field {
  my ($accept) = @_;
  for my $m (grep { $_->{kind} eq 'model' } @blocks) {
    for my $f (@{ $m->{fields} }) { return ($m, $f) if plain_scalar($m, $f) && $accept->($f) }
  }
  return;
}

# A model on either side of an implicit many-to-many relation: renaming it would rename the join
# table (_AToB) or swap its A and B columns, both of which derive from model names.
sub in_implicit_many_to_many {
  my ($m) = @_;
  for my $f (grep { $_->{list} && $models{ $_->{type} } } @{ $m->{fields} }) {
    next if $f->{attributes} =~ /fields:/;
    my $other = $models{ $f->{type} };
    my @back = grep { $_->{list} && $_->{type} eq $m->{name} && $_->{attributes} !~ /fields:/ } @{ $other->{fields} };
    return 1 if @back > ($other == $m ? 1 : 0);
  }
  return 0;
}

# --- what the history holds ----------------------------------------------------------------------

sub history_table {
  my ($name) = @_;
  for my $ns (@{ $snapshot->{namespaces} }) {
    for my $t (@{ $ns->{tables} }) { return $t if $ns->{name} eq 'public' && $t->{name} eq $name }
  }
  die "the history has no table $name\n";
}
sub history_column {
  my ($table, $column) = @_;
  for my $c (@{ history_table($table)->{columns} }) { return $c if $c->{name} eq $column }
  die "the history has no column $table.$column\n";
}
sub history_enum {
  my ($name) = @_;
  for my $ns (@{ $snapshot->{namespaces} }) {
    for my $e (@{ $ns->{enums} }) { return $e if $ns->{name} eq 'public' && $e->{name} eq $name }
  }
  die "the history has no enum $name\n";
}

# Prisma's default index and foreign key names (mapping doc §4.2): the stem is cut to 63 bytes
# minus the suffix.
sub constraint_name {
  my ($table, $column, $suffix) = @_;
  return substr("${table}_$column", 0, 63 - 1 - length $suffix) . "_$suffix";
}

sub change {
  my ($kind, $change, $table, $name, @details) = @_;
  return { kind => $kind, change => $change, schema => 'public', table => $table, name => $name,
           details => [@details] };
}

# Lines go after line $i by appending to its text, so that the line numbers of every block stay valid.
sub insert_after {
  my ($path, $i, $text) = @_;
  $lines{$path}[$i] .= $text;
}

# --- the edits -----------------------------------------------------------------------------------

# Nothing in this schema to apply the edit to: say why, and edit nothing.
sub skip {
  print $json->encode({ skip => $_[0] }), "\n";
  exit 0;
}

my %plan;
sub field_target { my ($m, $f) = @_; return "$m->{name}.$f->{name} (column \"$m->{db_name}\".\"$f->{db_name}\")"; }

if ($edit eq 'drop-field') {
  my ($m, $f) = first_field(sub { 1 }) or skip('no model has a plain scalar field');
  $lines{ $m->{path} }[ $f->{line} ] = '';
  %plan = (target => 'dropped ' . field_target($m, $f),
           expect => [ change('column', 'removed', $m->{db_name}, $f->{db_name}) ]);
} elsif ($edit eq 'change-type') {
  my ($m, $f) = first_field(sub { $_[0]{type} eq 'String' && $_[0]{attributes} !~ /\@default/ })
    or skip('no model has a plain String field without a default');
  my $l = \$lines{ $m->{path} }[ $f->{line} ];
  $$l =~ s/^(\s*\w+\s+)String/${1}Int/;
  $$l =~ s/\s*\@$datasource\.\w+(\([^)]*\))?//;  # a String's native type is no Int's
  my $old = history_column($m->{db_name}, $f->{db_name})->{type};
  %plan = (target => 'String -> Int: ' . field_target($m, $f),
           expect => [ change('column', 'changed', $m->{db_name}, $f->{db_name}, "type: $old -> integer") ]);
} elsif ($edit eq 'make-optional') {
  my ($m, $f) = first_field(sub { !$_[0]{optional} }) or skip('no model has a plain required field');
  $lines{ $m->{path} }[ $f->{line} ] =~ s/^(\s*\w+\s+\w+)/$1?/;
  %plan = (target => 'made optional: ' . field_target($m, $f),
           expect => [ change('column', 'changed', $m->{db_name}, $f->{db_name}, 'nullable: NOT NULL -> NULL') ]);
} elsif ($edit eq 'add-index') {
  my ($m, $f) = first_field(sub { $_[0]{type} ne 'Json' })  # json has no btree operator class
    or skip('no model has a plain field that is not Json');
  insert_after($m->{path}, $m->{close} - 1, "  \@\@index([$f->{name}])\n");
  %plan = (target => '@@index on ' . field_target($m, $f),
           expect => [ change('index', 'added', $m->{db_name}, constraint_name($m->{db_name}, $f->{db_name}, 'idx')) ]);
} elsif ($edit eq 'rename-model') {
  my ($m) = grep { $_->{kind} eq 'model' && !in_implicit_many_to_many($_) } @blocks
    or skip('every model is part of an implicit many-to-many relation');
  my $new = "$m->{name}Renamed";
  insert_after($m->{path}, $m->{close} - 1, "  \@\@map(\"$m->{name}\")\n") if $m->{db_name} eq $m->{name};
  # "model X {" and every field of type X, X? or X[], in every file.
  for my $path (@paths) { s/^(\s*\w+\s+)\Q$m->{name}\E(?=[\[?\s])/$1$new/ for @{ $lines{$path} } }
  %plan = (target => "model $m->{name} renamed $new, table \"$m->{db_name}\" kept", expect => []);
} elsif ($edit eq 'add-enum-value') {
  my ($e) = grep { $_->{kind} eq 'enum' } @blocks or skip('the schema declares no enum');
  # First in the block: Prisma compares enum values as a set, so their order must not matter.
  # The database knows the value by its @map name.
  insert_after($e->{path}, $e->{open}, "  DG_EDIT_VALUE \@map(\"dg_edit_value\")\n");
  my @old = sort @{ history_enum($e->{db_name})->{values} };
  my @new = sort(@old, 'dg_edit_value');
  %plan = (target => "value DG_EDIT_VALUE (\"dg_edit_value\") added to enum $e->{name}",
           expect => [ change('enum', 'changed', '', $e->{db_name},
                              'values: (' . join(', ', @old) . ') -> (' . join(', ', @new) . ')') ]);
} elsif ($edit eq 'add-relation') {
  my ($source_model) = grep { $_->{kind} eq 'model' } @blocks;
  my ($target, $id);
  for my $m (grep { $_->{kind} eq 'model' && $_ != $source_model } @blocks) {
    my @ids = grep { $_->{attributes} =~ /(?<!\@)\@id\b/ } @{ $m->{fields} };
    next unless @ids == 1;
    ($target, $id) = ($m, $ids[0]);
    last;
  }
  skip('no second model has a single-field @id to refer to') unless $target;
  # The foreign key column has the referenced column's type: the scalar and its native type. Its
  # @map name is the one the foreign key's name is made of.
  my ($native) = $id->{attributes} =~ /(\@$datasource\.\w+(?:\([^)]*\))?)/;
  my $column = 'dg_edit_target_id';
  my $relation = "\@relation(\"DgEditRelation\", fields: [dgEditTargetId], references: [$id->{name}])";
  insert_after($source_model->{path}, $source_model->{open},
               "  dgEditTargetId $id->{type}? \@map(\"$column\")" . ($native ? " $native" : '') . "\n" .
               "  dgEditTarget $target->{name}? $relation\n");
  insert_after($target->{path}, $target->{open},
               "  dgEditSources " . $source_model->{name} . "[] \@relation(\"DgEditRelation\")\n");
  my $table = $source_model->{db_name};
  my $fk = constraint_name($table, $column, 'fkey');
  %plan = (target => "optional relation $source_model->{name}.dgEditTarget -> $target->{name}.$id->{name}"
                     . ($foreign_keys ? '' : ' (relationMode = "prisma": no foreign key)'),
           expect => [ change('column', 'added', $table, $column),
                       $foreign_keys ? change('foreign key', 'added', $table, $fk) : () ],
           column => { name => $column, type => history_column($target->{db_name}, $id->{db_name})->{type},
                       nullable => JSON::PP::true },
           $foreign_keys ? (foreign_key => {
             name => $fk, columns => [$column], referenced_schema => 'public', referenced_table => $target->{db_name},
             referenced_columns => [ $id->{db_name} ], on_delete => 'SET NULL', on_update => 'CASCADE' }) : ());
} else {
  die "unknown edit $edit\n";
}

for my $path (@paths) {
  open my $out, '>', $path or die "$path: $!\n";
  print $out @{ $lines{$path} };
}
print $json->encode(\%plan), "\n";
