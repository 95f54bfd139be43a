// Swift cannot import PCRE2's width-selecting macros, so the width is fixed here and the
// few macro constants Swift cannot see are exposed as inline functions.
#ifndef SMTPLOG_CPCRE2_SHIM_H
#define SMTPLOG_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

static inline size_t smtplog_pcre2_unset(void) { return PCRE2_UNSET; }
static inline size_t smtplog_pcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }

#endif
