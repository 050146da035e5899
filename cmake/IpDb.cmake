# The compiled IP range table (docs/ip.md): `vetter ipdb build` runs after
# the CLI is built and writes data/ip/vetter-ip.db (gitignored), from the
# lists in data/ip/, tor-geoipdb's /usr/share/tor/geoip{,6} and the
# @ip-location-db/asn CSVs that scripts/install-deps unpacks into the user
# cache.  Missing sources are warnings, never errors: the build and the
# tests need no network.  The table is rebuilt when a source or the
# builder changes; `vetter ipdb build` by hand does the same at any time.
set(VET_IPDB "${VET_DATA_DIR}/ip/vetter-ip.db")
if(DEFINED ENV{VETTER_ASN_DIR})
  set(VET_ASN_DIR "$ENV{VETTER_ASN_DIR}")
elseif(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
  set(VET_ASN_DIR "$ENV{XDG_CACHE_HOME}/vetter/ip-location-db-asn-2.3.2026061719")
else()
  set(VET_ASN_DIR "$ENV{HOME}/.cache/vetter/ip-location-db-asn-2.3.2026061719")
endif()
file(GLOB VET_IPDB_INPUTS CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/data/ip/*.txt ${CMAKE_SOURCE_DIR}/data/ip/*.csv ${CMAKE_SOURCE_DIR}/data/ip/*.tsv
     /usr/share/tor/geoip /usr/share/tor/geoip6 ${VET_ASN_DIR}/asn-ipv4.csv ${VET_ASN_DIR}/asn-ipv6.csv)
add_custom_command(
  OUTPUT ${VET_IPDB}
  COMMAND vetter_cli ipdb build --out ${VET_IPDB} --from ${CMAKE_SOURCE_DIR}/data/ip --asn ${VET_ASN_DIR}
  DEPENDS ${VET_IPDB_INPUTS} ${CMAKE_SOURCE_DIR}/src/ip/ipdb_build.c ${CMAKE_SOURCE_DIR}/src/ip/ipdb_format.h
  COMMENT "Compiling the IP range table ${VET_IPDB}"
  VERBATIM)
add_custom_target(vetter_ipdb ALL DEPENDS ${VET_IPDB})
add_dependencies(vetter_ipdb vetter_cli)
