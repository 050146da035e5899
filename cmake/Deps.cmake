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
# RE2 runs libphonenumber's own metadata patterns in the fast line-type
# classifier (src/contact/phone_meta.cc); upstream supports RE2 as its
# regular-expression backend, so the patterns are RE2's dialect.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_library(CSV_LIB NAMES csv REQUIRED)
find_path(CSV_INCLUDE csv.h REQUIRED)
# libphonenumber ships no pkg-config file in Debian: the library and its
# headers are found directly.  Its shared library brings its own
# dependencies (protobuf, ICU, abseil); only its headers need C++ (the shim
# src/contact/phone.cc is C++17).
find_library(PHONENUMBER_LIB NAMES phonenumber REQUIRED)
find_path(PHONENUMBER_INCLUDE phonenumbers/phonenumberutil.h REQUIRED)
# The classifier reads libphonenumber's compiled-in metadata (a serialized
# PhoneMetadataCollection) through i18n::phonenumbers::metadata_get() and
# metadata_size(), which libphonenumber.so exports but whose header it does
# not install.  Parsing it calls protobuf's MessageLite, so protobuf is
# linked directly (the same libprotobuf libphonenumber.so depends on; the
# linker does not take symbols from a library's own dependencies).  When
# the symbols are missing, VET_HAVE_PHONE_METADATA stays undefined and
# the shim keeps libphonenumber's GetNumberType path.
pkg_check_modules(PROTOBUF QUIET IMPORTED_TARGET protobuf)
if(PROTOBUF_FOUND)
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_INCLUDES ${PHONENUMBER_INCLUDE} ${PROTOBUF_INCLUDE_DIRS})
  set(CMAKE_REQUIRED_LIBRARIES ${PHONENUMBER_LIB} ${PROTOBUF_LINK_LIBRARIES})
  set(CMAKE_REQUIRED_FLAGS "-std=c++17")
  check_cxx_source_compiles("
#include <phonenumbers/phonemetadata.pb.h>
namespace i18n { namespace phonenumbers { int metadata_size(); const void *metadata_get(); } }
int main() {
  i18n::phonenumbers::PhoneMetadataCollection c;
  return c.ParseFromArray(i18n::phonenumbers::metadata_get(), i18n::phonenumbers::metadata_size()) ? 0 : 1;
}" VET_HAVE_PHONE_METADATA)
  unset(CMAKE_REQUIRED_INCLUDES)
  unset(CMAKE_REQUIRED_LIBRARIES)
  unset(CMAKE_REQUIRED_FLAGS)
endif()
find_package(Threads REQUIRED)

add_library(vet_deps INTERFACE)
target_include_directories(vet_deps INTERFACE ${CSV_INCLUDE} ${PHONENUMBER_INCLUDE})
target_compile_features(vet_deps INTERFACE cxx_std_17)
if(VET_HAVE_PHONE_METADATA)
  target_compile_definitions(vet_deps INTERFACE VET_HAVE_PHONE_METADATA=1)
  target_link_libraries(vet_deps INTERFACE PkgConfig::PROTOBUF)
else()
  message(WARNING "libphonenumber's metadata_get() is not usable: phone line types go through its slower GetNumberType")
endif()
target_link_libraries(vet_deps INTERFACE
  PkgConfig::JANSSON PkgConfig::XML2 PkgConfig::UTF8PROC PkgConfig::ICU
  PkgConfig::CURL PkgConfig::MAXMINDDB PkgConfig::SQLITE PkgConfig::PNG PkgConfig::JPEG PkgConfig::SIMDJSON
  PkgConfig::RE2 ${CSV_LIB} ${PHONENUMBER_LIB} Threads::Threads m)
