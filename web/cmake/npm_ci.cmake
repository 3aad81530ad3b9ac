# npm_ci.cmake -- run `npm ci` in the web app's folder only when
# package-lock.json changed since the last successful install.
#
#   cmake -DNPM=npm -DWEB_DIR=web -DSTAMP=npm-ci.stamp -P npm_ci.cmake
#
# The SHA-256 of package-lock.json is written to
# node_modules/.petory-lock-sha256 after a successful `npm ci`, so several
# build trees (build/, build-asan/) share one install: only the first to
# see a new lock file reinstalls.  A lock file under the system's temporary
# folder keeps two builds from running `npm ci` at the same time.  STAMP
# (in the build tree) is touched in every case, for CMake's dependencies.
foreach(var NPM WEB_DIR STAMP)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "npm_ci.cmake: -D${var}=... is required")
  endif()
endforeach()

set(lock_json "${WEB_DIR}/package-lock.json")
set(marker "${WEB_DIR}/node_modules/.petory-lock-sha256")
file(SHA256 "${lock_json}" want)

string(SHA256 dir_key "${WEB_DIR}")
string(SUBSTRING "${dir_key}" 0 16 dir_key)
if(DEFINED ENV{TMPDIR} AND IS_DIRECTORY "$ENV{TMPDIR}")
  set(tmp "$ENV{TMPDIR}")
else()
  set(tmp "/tmp")
endif()
file(LOCK "${tmp}/petory-npm-ci-${dir_key}.lock" GUARD PROCESS TIMEOUT 1800
  RESULT_VARIABLE lock_error)
if(lock_error)
  message(FATAL_ERROR "npm_ci.cmake: cannot lock ${tmp}: ${lock_error}")
endif()

set(have "")
if(EXISTS "${marker}")
  file(READ "${marker}" have)
  string(STRIP "${have}" have)
endif()

if(have STREQUAL want)
  message(STATUS "web: node_modules matches package-lock.json")
else()
  message(STATUS "web: npm ci (package-lock.json changed)")
  execute_process(
    COMMAND "${NPM}" ci --no-audit --no-fund
    WORKING_DIRECTORY "${WEB_DIR}"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    file(REMOVE "${marker}")
    message(FATAL_ERROR "web: `npm ci` failed (${rc}) in ${WEB_DIR}")
  endif()
  file(WRITE "${marker}" "${want}\n")
endif()

file(TOUCH "${STAMP}")
