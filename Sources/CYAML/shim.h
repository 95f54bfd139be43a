// libyaml (Debian's libyaml-0-2), the parser under smtplog.yml: its event API, composed into
// nodes by Findings/YAMLDocument.swift.
#ifndef SMTPLOG_CYAML_SHIM_H
#define SMTPLOG_CYAML_SHIM_H
#include <yaml.h>
#endif
