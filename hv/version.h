/* SPDX-License-Identifier: MIT */
#ifndef HV_VERSION_H
#define HV_VERSION_H

#ifndef HV_VERSION
#define HV_VERSION "0.1"
#endif

#endif
