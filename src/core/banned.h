/* core/banned.h - functions that must not be used in Vetter: unbounded
 * string copies and unchecked number parsing.  Included by every .c file
 * of the library through core/common.h. */
#ifndef VET_CORE_BANNED_H
#define VET_CORE_BANNED_H

#define VET_BANNED(f) sorry_##f##_is_banned_in_vetter
#undef strcpy
#define strcpy(a, b) VET_BANNED(strcpy)
#undef strcat
#define strcat(a, b) VET_BANNED(strcat)
#undef sprintf
#define sprintf(...) VET_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) VET_BANNED(vsprintf)
#undef strtok
#define strtok(a, b) VET_BANNED(strtok)
#undef atoi
#define atoi(a) VET_BANNED(atoi)
#undef atol
#define atol(a) VET_BANNED(atol)
#undef gets
#define gets(a) VET_BANNED(gets)

#endif
