/* SPDX-License-Identifier: MIT */
/* libxml2's own messages, said as every other message is: one callback for every XML file. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "msg.h"
#include "tpl_xml.h"

void
tpl_xml_error(void *ctx, xmlErrorPtr e)
{
	struct tpl_xml_sink *sink = ctx;
	/*
	 * An error inside an entity's text comes without a file, from that text's own
	 * line 1; libxml2 then reports the reference that failed, in the file at its
	 * place, and that one says it (billion laughs gave nine messages, eight at 1:7).
	 */
	if (e->file == NULL && e->domain == XML_FROM_PARSER)
		return;
	char *text = xstrdup(e->message ? e->message : "XML error");
	size_t n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	const char *file = e->file ? e->file : sink->file;
	bool warning = e->level == XML_ERR_WARNING;
	msg_at(warning ? MSG_WARNING : MSG_ERROR, file, e->line, e->int2, "%s", text);
	sink->errors += !warning;
	free(text);
}
