# Run vetter-genpop twice with the same options (GENPOP, OUT set by the
# caller) and fail unless the two outputs are byte for byte the same.
foreach(run a b)
  execute_process(COMMAND ${GENPOP} --subjects 200 --seed 42 --events 10 --out ${OUT}_${run}.jsonl
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "vetter-genpop run ${run} failed: ${rc}")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}_a.jsonl ${OUT}_b.jsonl RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "two runs with the same seed differ")
endif()
file(SIZE ${OUT}_a.jsonl size)
if(size LESS 10000)
  message(FATAL_ERROR "output is too small: ${size} bytes")
endif()
