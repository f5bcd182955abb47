/* SPDX-License-Identifier: MIT */
/* The JSON files a run writes (goals.json, the send journal's lines), made with cJSON, never by hand. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "msg.h"
#include "out_file.h"
#include "out_json.h"

/* The goals file's tree (docs/goals.md); NULL when cJSON ran out of memory. */
static cJSON *
goals_tree(const char *partner_id, const char *period, const struct val *root)
{
	const struct val *goals = val_get(val_get(root, "partner"), "goals");
	cJSON *doc = cJSON_CreateObject(), *list = NULL;
	if (doc == NULL ||
	    cJSON_AddStringToObject(doc, "format", "partnerreview-goals/1") == NULL ||
	    cJSON_AddStringToObject(doc, "partner_id", partner_id) == NULL ||
	    cJSON_AddStringToObject(doc, "period", period) == NULL ||
	    (list = cJSON_AddArrayToObject(doc, "goals")) == NULL)
		goto fail;
	for (size_t i = 0; goals != NULL && i < goals->n; i++) {
		const struct val *g = goals->items[i];
		const struct val *cause = val_get(g, "cause"), *strength = val_get(g, "strength");
		int due = (int)val_get(g, "due")->num;
		char day[16];
		snprintf(day, sizeof(day), "%04d-%02d-%02d", due / 10000, due / 100 % 100,
		         due % 100);
		cJSON *o = cJSON_CreateObject();
		if (o == NULL || !cJSON_AddItemToArray(list, o) ||
		    cJSON_AddStringToObject(o, "figure", val_get(g, "figure")->str) == NULL ||
		    cJSON_AddStringToObject(o, "owner", val_get(g, "owner")->str) == NULL ||
		    cJSON_AddNumberToObject(o, "baseline", val_get(g, "baseline")->num) == NULL ||
		    cJSON_AddNumberToObject(o, "target", val_get(g, "target")->num) == NULL ||
		    cJSON_AddBoolToObject(o, "lower_is_better", val_get(g, "lower_is_better")->b) ==
		        NULL ||
		    cJSON_AddStringToObject(o, "due", day) == NULL ||
		    (cause != NULL && cause->kind == VAL_STR &&
		     cJSON_AddStringToObject(o, "cause", cause->str) == NULL) ||
		    (strength != NULL && strength->kind == VAL_STR &&
		     cJSON_AddStringToObject(o, "strength", strength->str) == NULL))
			goto fail;
	}
	return doc;
fail:
	cJSON_Delete(doc);
	return NULL;
}

int
out_json_goals(const char *final, const char *partner_id, const char *period,
               const struct val *root)
{
	cJSON *doc = goals_tree(partner_id, period, root);
	char *text = doc != NULL ? cJSON_Print(doc) : NULL;
	cJSON_Delete(doc);
	if (text == NULL) {
		msg(MSG_ERROR, "%s: cannot write: out of memory", final);
		return -1;
	}
	struct out_file f;
	int rc = -1;
	if (out_file_open(&f, final) == 0) {
		bool ok = out_file_write(&f, text, strlen(text)) && out_file_write(&f, "\n", 1);
		if (!ok)
			msg(MSG_ERROR, "%s: cannot write: %s", final, strerror(errno));
		rc = out_file_close(&f, ok);
	}
	cJSON_free(text);
	return rc;
}

/* A list of strings as a member of o; false when out of memory. */
static bool
add_strings(cJSON *o, const char *name, char *const *items, size_t n)
{
	cJSON *list = cJSON_AddArrayToObject(o, name);
	for (size_t i = 0; list != NULL && i < n; i++) {
		cJSON *s = cJSON_CreateString(items[i]);
		if (s == NULL || !cJSON_AddItemToArray(list, s)) {
			cJSON_Delete(s);
			return false;
		}
	}
	return list != NULL;
}

char *
out_json_sent(const char *message_id, const char *partner, char *const *to, size_t nto,
              char *const *cc, size_t ncc, const char *time, const char *reply)
{
	cJSON *o = cJSON_CreateObject();
	char *text = NULL, *line = NULL;
	/* message_id first: the journal's reader finds it at the start of the line. */
	if (o != NULL && cJSON_AddStringToObject(o, "message_id", message_id) != NULL &&
	    cJSON_AddStringToObject(o, "partner", partner) != NULL &&
	    add_strings(o, "to", to, nto) && add_strings(o, "cc", cc, ncc) &&
	    cJSON_AddStringToObject(o, "time", time) != NULL &&
	    cJSON_AddStringToObject(o, "reply", reply) != NULL)
		text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (text != NULL) {
		size_t len = strlen(text);
		line = malloc(len + 2);
		if (line != NULL) {
			memcpy(line, text, len);
			memcpy(line + len, "\n", 2);
		}
	}
	cJSON_free(text);
	return line;
}
