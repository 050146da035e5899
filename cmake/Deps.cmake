# Every third-party library Vetter uses comes from a Debian package;
# scripts/install-deps installs them.  They are gathered in one interface
# target, vet_deps.
find_package(PkgConfig REQUIRED)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(XML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(MAXMINDDB REQUIRED IMPORTED_TARGET libmaxminddb)
pkg_check_modules(SQLITE REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
pkg_check_modules(JPEG REQUIRED IMPORTED_TARGET libjpeg)
pkg_check_modules(SIMDJSON REQUIRED IMPORTED_TARGET simdjson)
find_library(CSV_LIB NAMES csv REQUIRED)
find_path(CSV_INCLUDE csv.h REQUIRED)
# libphonenumber ships no pkg-config file in Debian: the library and its
# headers are found directly.  Its shared library brings its own
# dependencies (protobuf, ICU, abseil); only its headers need C++ (the shim
# src/contact/phone.cc is C++17).
find_library(PHONENUMBER_LIB NAMES phonenumber REQUIRED)
find_path(PHONENUMBER_INCLUDE phonenumbers/phonenumberutil.h REQUIRED)
find_package(Threads REQUIRED)

add_library(vet_deps INTERFACE)
target_include_directories(vet_deps INTERFACE ${CSV_INCLUDE} ${PHONENUMBER_INCLUDE})
target_compile_features(vet_deps INTERFACE cxx_std_17)
target_link_libraries(vet_deps INTERFACE
  PkgConfig::JANSSON PkgConfig::XML2 PkgConfig::UTF8PROC PkgConfig::ICU
  PkgConfig::CURL PkgConfig::MAXMINDDB PkgConfig::SQLITE PkgConfig::PNG PkgConfig::JPEG PkgConfig::SIMDJSON
  ${CSV_LIB} ${PHONENUMBER_LIB} Threads::Threads m)
