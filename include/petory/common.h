/* common.h -- export and linkage macros shared by every public header. */
#ifndef PETORY_COMMON_H
#define PETORY_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(PETORY_BUILDING_SHARED)
#define PETORY_EXTERN __declspec(dllexport)
#elif defined(_WIN32) && defined(PETORY_USING_SHARED)
#define PETORY_EXTERN __declspec(dllimport)
#elif defined(__GNUC__)
#define PETORY_EXTERN __attribute__((visibility("default")))
#else
#define PETORY_EXTERN
#endif

#ifdef __cplusplus
#define PETORY_BEGIN_DECL extern "C" {
#define PETORY_END_DECL }
#else
#define PETORY_BEGIN_DECL
#define PETORY_END_DECL
#endif

#endif
