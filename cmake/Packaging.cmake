# `make deb`: a Debian package of the binary, its man page (generated from --help) and the rule
# docs, with the Debian dependencies it needs. The binary links libpg_query, toml++ and xxHash
# (dpkg-shlibdeps finds those) and loads libpq, libmariadb and libcrypto when a command first needs
# them (src/util/shared_library.h), which no tool can see: they are named here.
# `make deb` builds what the package holds first; cpack must not rebuild the whole tree (tests and
# sanitized fuzz drivers) before installing it.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(man_page ${CMAKE_BINARY_DIR}/man/driftgate.1.gz)
add_custom_command(
  OUTPUT ${man_page}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
  COMMAND ${CMAKE_COMMAND} -DDRIFTGATE=$<TARGET_FILE:driftgate> -DVERSION=${PROJECT_VERSION} -DOUTPUT=${man_page}
          -P ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
  DEPENDS driftgate ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
  COMMENT "Writing the man page from driftgate --help")
add_custom_target(manpage ALL DEPENDS ${man_page})  # ALL: the package test finds it built

install(TARGETS driftgate RUNTIME DESTINATION bin)
install(FILES ${man_page} DESTINATION share/man/man1)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION share/doc/driftgate/rules FILES_MATCHING PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/driftgate)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME driftgate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "driftgate maintainers <driftgate@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "the gate a database schema change must pass (Prisma migrations: lint, drift, status)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libpq5, libmariadb3, libssl3 | libssl3t64")
# The embedded shadow database starts a throwaway server of the history's provider.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql, mariadb-server")
include(CPack)
