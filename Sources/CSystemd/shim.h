#ifndef CSYSTEMD_SHIM_H
#define CSYSTEMD_SHIM_H
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#endif
