/* SPDX-License-Identifier: MIT */
/* libxml2's own messages, said as every other message is: one callback for every XML file. */
#ifndef PR_TPL_XML_H
#define PR_TPL_XML_H

#include <libxml/xmlerror.h>

/* Where libxml2's messages about one file go while it is read. */
struct tpl_xml_sink {
	const char *file; /* named when libxml2 names no file */
	int errors;       /* counts the errors (not the warnings) said */
};

/*
 * A structured error handler for xmlSetStructuredErrorFunc(sink, tpl_xml_error):
 * prints e as "FILE:LINE:COL: error: ..." (or a warning) through msg_at, trailing
 * line breaks cut, and counts errors in the struct tpl_xml_sink that ctx points to.
 */
void tpl_xml_error(void *ctx, xmlErrorPtr e);

#endif
