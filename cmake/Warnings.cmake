# One place for compiler warnings.  -Werror only when VET_WERROR is on (CI),
# so a newer compiler never breaks a user's build.
function(vet_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wno-unused-parameter
    $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes>
    $<$<COMPILE_LANGUAGE:CXX>:-Wmissing-declarations>)
  if(VET_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
