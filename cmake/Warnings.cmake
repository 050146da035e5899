# One place for compiler warnings.  -Werror only when VET_WERROR is on (CI),
# so a newer compiler never breaks a user's build.
function(vet_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes
    -Wmissing-prototypes -Wno-unused-parameter)
  if(VET_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
