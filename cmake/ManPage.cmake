# Writes OUTPUT (driftgate.1.gz), the man page, from the binary's own --help and each command's:
# the help text is the one description, so the two never disagree. Run at build time:
#   cmake -DDRIFTGATE=path/to/driftgate -DVERSION=x.y.z -DOUTPUT=driftgate.1.gz -P ManPage.cmake
function(help_of out)
  execute_process(COMMAND ${DRIFTGATE} ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "driftgate ${ARGN} --help failed (${rc})")
  endif()
  # Roff: a backslash is \e; a line starting with . or ' would be a request.
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  # The usage line names the binary by the path it was run from.
  string(REGEX REPLACE "Usage: [^ \n]*driftgate" "Usage: driftgate" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of(main)
string(REGEX MATCH "Subcommands:\n(([ ]+[a-z]+[^\n]*\n)+)" block "${main}")
string(REGEX MATCHALL "\n  [a-z]+" names "\n${CMAKE_MATCH_1}")
set(page ".TH DRIFTGATE 1 \"\" \"driftgate ${VERSION}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\ndriftgate \\- the gate a database schema change must pass\n")
string(APPEND page ".SH SYNOPSIS\n.B driftgate\n.I command\n[\n.I options\n]\n")
string(APPEND page ".SH DESCRIPTION\n.nf\n${main}.fi\n.SH COMMANDS\n")
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  help_of(command ${name})
  string(APPEND page ".SS ${name}\n.nf\n${command}.fi\n")
endforeach()
string(APPEND page ".SH EXIT STATUS\n0 clean, 2 the gate failed, 1 error.\n")
string(APPEND page ".SH SEE ALSO\nThe rule documentation in /usr/share/doc/driftgate/rules, and \\fBdriftgate explain\\fR \\fIRULE\\fR.\n")
get_filename_component(dir "${OUTPUT}" DIRECTORY)
set(roff "${dir}/driftgate.1")
file(WRITE "${roff}" "${page}")
file(ARCHIVE_CREATE OUTPUT "${OUTPUT}" PATHS "${roff}" FORMAT raw COMPRESSION GZip)
