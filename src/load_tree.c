/* SPDX-License-Identifier: MIT */
/* JSON, pass 2: cJSON trees of the members a format names, the rest skipped; lazy arrays one element at a time. */
#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "hash.h"
#include "load_int.h"
#include "load_tree.h"
#include "mem.h"
#include "msg.h"

/*
 * The scan (load_scan.c) has passed the text, so this pass trusts it: it walks the
 * structure itself, hands each string, number and literal the format names to cJSON
 * (which reads it and says where it ends), and skips everything else. Each byte is
 * read once here: by the walk or by cJSON. A J_LAZY array is jumped over with the
 * scan's record of where it ends, and read later one element at a time.
 */

/* An unknown key's name is kept (for a message) up to this many bytes. */
enum { NAME_MAX_BYTES = 4096 };

/* A lazy array in a tree: the empty array that stands in for it, and its record. */
struct load_open {
	const cJSON *item;
	const struct load_lazy *rec;
	const struct load_schema *sub;
};

/*
 * The keys of one object that need a check for repeats (unknown ones, a map's): an
 * open-addressing set of their offsets in the text, cleared after the object.
 */
struct load_keyset {
	size_t *slot; /* the offset of a key's opening quote + 1; 0: free */
	size_t *hash; /* its hash */
	size_t mask;  /* slots - 1 */
	size_t *used; /* the filled slots, to clear them */
	size_t n, capused;
};

/* How many objects (of the format's shape) may be open at once: its deepest nesting. */
enum { MAX_OPEN = 8 };

/*
 * cJSON's memory. While a mapped file's tree is built, cJSON's items and strings come
 * from the file's bump arena (struct load_bump), which goes back to where an element
 * began once the element is done (elements are built and dropped in stack order:
 * the root, a wave, its responses one by one). Some two million small malloc and free
 * calls for 10,000 partners become pointer bumps. Everything else (a goals file, read
 * by a worker) allocates as usual. Each piece carries a tag in front, so that free
 * knows which it is.
 */
struct bump_block {
	struct bump_block *next;
	size_t size, used;
	_Alignas(max_align_t) unsigned char data[];
};

enum { BUMP_BLOCK = 256 * 1024, TAG_SIZE = _Alignof(max_align_t) };
#define TAG_HEAP UINT32_C(0x48454150)
#define TAG_BUMP UINT32_C(0x42554D50)

/* The arena cJSON allocates from on this thread, or NULL. */
static _Thread_local struct load_bump *bump_now;

static void *
bump_take(struct load_bump *b, size_t n)
{
	struct bump_block *k = b->cur;
	while (k != NULL && k->size - k->used < n) {
		/* Blocks after the current one are free space left by a release. */
		k = k->next;
		if (k != NULL)
			k->used = 0;
	}
	if (k == NULL) {
		size_t size = n > BUMP_BLOCK ? n : BUMP_BLOCK;
		k = xmalloc(sizeof(*k) + size);
		k->size = size;
		k->used = 0;
		k->next = NULL;
		if (b->cur == NULL) {
			b->first = k;
		} else {
			struct bump_block *last = b->cur;
			while (last->next != NULL)
				last = last->next;
			last->next = k;
		}
	}
	b->cur = k;
	void *p = k->data + k->used;
	k->used += n;
	return p;
}

static struct bump_mark
bump_mark(const struct load_bump *b)
{
	return (struct bump_mark){b->cur, b->cur != NULL ? b->cur->used : 0};
}

/* Everything taken since m is free again. */
static void
bump_release(struct load_bump *b, struct bump_mark m)
{
	b->cur = m.block != NULL ? m.block : b->first;
	if (b->cur != NULL)
		b->cur->used = m.used;
}

static void
bump_free(struct load_bump *b)
{
	for (struct bump_block *k = b->first, *next; k != NULL; k = next) {
		next = k->next;
		free(k);
	}
	memset(b, 0, sizeof(*b));
}

static void *
cjson_alloc(size_t n)
{
	n = (n + TAG_SIZE - 1) / TAG_SIZE * TAG_SIZE + TAG_SIZE;
	struct load_bump *b = bump_now;
	unsigned char *p;
	uint32_t tag = TAG_BUMP;
	if (b != NULL && b->cur != NULL && b->cur->size - b->cur->used >= n) {
		p = b->cur->data + b->cur->used; /* bump_take's common case */
		b->cur->used += n;
	} else if (b != NULL) {
		p = bump_take(b, n);
	} else {
		p = xmalloc(n);
		tag = TAG_HEAP;
	}
	memcpy(p, &tag, sizeof(tag));
	return p + TAG_SIZE;
}

static void
cjson_free(void *q)
{
	if (q == NULL)
		return;
	unsigned char *p = (unsigned char *)q - TAG_SIZE;
	uint32_t tag;
	memcpy(&tag, p, sizeof(tag));
	assert(tag == TAG_HEAP || tag == TAG_BUMP);
	if (tag == TAG_HEAP)
		free(p);
}

static void
cjson_hooks(void)
{
	cJSON_Hooks hooks = {cjson_alloc, cjson_free};
	cJSON_InitHooks(&hooks);
}

/* ---------------------------------------------------------------------------
 * Walking text the scan has passed.
 * ------------------------------------------------------------------------- */

#define skip_space load_skip_space

/*
 * Past white space inside a value the scan passed: a byte that is no space follows
 * before the end, so no bound is needed.
 */
static inline const char *
skip_in(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return p;
}

/* Past the string whose opening quote is at p (end: the text's end). */
static const char *
skip_string_to(const char *p, const char *end)
{
	for (p++;; p++) {
		p = load_plain_run(p, end);
		if (*p == '"')
			return p + 1;
		if (*p == '\\')
			p++; /* the escaped byte; \uXXXX's digits are plain */
	}
}

/* Past the value at p. */
static const char *
skip_value(const char *p, const char *end)
{
	if (*p == '"')
		return skip_string_to(p, end);
	if (*p == '{' || *p == '[') {
		int depth = 0;
		for (;;) {
			char c = *p;
			if (c == '"') {
				p = skip_string_to(p, end);
				continue;
			}
			if (c == '{' || c == '[')
				depth++;
			else if ((c == '}' || c == ']') && --depth == 0)
				return p + 1;
			p++;
		}
	}
	/* A number or a literal: up to the next delimiter. */
	while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' &&
	       *p != '\r' && *p != '\t')
		p++;
	return p;
}

/* The hash of a string's value (FNV-1a, as load_hash), from its opening quote. */
static size_t
str_hash(const char *quote)
{
	struct load_str s;
	load_str_begin(&s, quote);
	uint64_t h = HASH_SEED;
	for (int c; (c = load_str_byte(&s)) >= 0;)
		h = hash_byte(h, (unsigned char)c);
	return (size_t)h;
}

/* The same hash of a key without escapes, from its bytes k[0..end). */
static size_t
raw_hash(const char *k, const char *end)
{
	return (size_t)hash_mem(HASH_SEED, k, (size_t)(end - k));
}

static bool
str_equal(const char *a, const char *b)
{
	struct load_str x, y;
	load_str_begin(&x, a);
	load_str_begin(&y, b);
	for (;;) {
		int c = load_str_byte(&x), d = load_str_byte(&y);
		if (c != d)
			return false;
		if (c < 0)
			return true;
	}
}

/* ---------------------------------------------------------------------------
 * Keys met in an object.
 * ------------------------------------------------------------------------- */

/* Adds the key whose quote is at off (hash h); false when the object had it already. */
static bool
keyset_add(struct load_keyset *ks, const char *text, size_t off, size_t h)
{
	if (2 * (ks->n + 1) > ks->mask) {
		struct load_keyset old = *ks;
		ks->mask = old.mask ? old.mask * 2 + 1 : 31;
		ks->slot = xcalloc(ks->mask + 1, sizeof(*ks->slot));
		ks->hash = xmalloc((ks->mask + 1) * sizeof(*ks->hash));
		ks->used = NULL;
		ks->n = ks->capused = 0;
		for (size_t i = 0; i < old.n; i++)
			keyset_add(ks, text, old.slot[old.used[i]] - 1, old.hash[old.used[i]]);
		free(old.slot);
		free(old.hash);
		free(old.used);
	}
	size_t i = h & ks->mask;
	while (ks->slot[i] != 0) {
		if (ks->hash[i] == h && str_equal(text + ks->slot[i] - 1, text + off))
			return false;
		i = (i + 1) & ks->mask;
	}
	ks->slot[i] = off + 1;
	ks->hash[i] = h;
	xgrow(&ks->used, &ks->capused, ks->n, sizeof(*ks->used));
	ks->used[ks->n++] = i;
	return true;
}

static void
keyset_clear(struct load_keyset *ks)
{
	for (size_t i = 0; i < ks->n; i++)
		ks->slot[ks->used[i]] = 0;
	ks->n = 0;
}

/* ---------------------------------------------------------------------------
 * Values as a message shows them, from the text (see render in load_json.c's
 * history: the same output as for cJSON's tree of the whole value).
 * ------------------------------------------------------------------------- */

/*
 * Appends msg_quote of the string at quote. Only its first 512 bytes are decoded:
 * msg_quote shows 60 characters (at most 4 bytes each) and "..." for more.
 */
static void
render_string(struct sbuf *b, const char *quote)
{
	char val[512], q[MSG_QUOTE_SIZE];
	bool cut;
	size_t n = load_str_copy(quote, val, sizeof(val), &cut);
	sbuf_adds(b, msg_quote_n(q, val, n));
}

/*
 * Appends the value at p as render (load_json.c) would for its whole tree: stops
 * adding once b is longer than limit, closing what it opened. Returns the text past
 * the value, or NULL when it stopped before the end.
 */
static const char *
render_text(struct sbuf *b, const char *p, const char *end, size_t limit)
{
	if (b->len > limit)
		return NULL;
	if (*p == '"') {
		render_string(b, p);
		return skip_string_to(p, end);
	}
	if (*p == '{' || *p == '[') {
		bool obj = *p == '{';
		char close = obj ? '}' : ']';
		const char *done = NULL;
		sbuf_addc(b, *p);
		p = skip_space(p + 1, end);
		if (*p == close) {
			done = p + 1;
		} else {
			for (bool first = true; b->len <= limit; first = false) {
				if (!first)
					sbuf_addc(b, ',');
				if (obj) {
					render_string(b, p);
					sbuf_addc(b, ':');
					p = skip_space(skip_string_to(p, end), end);
					p = skip_space(p + 1, end); /* ':' */
				}
				p = render_text(b, p, end, limit);
				if (p == NULL)
					break;
				p = skip_space(p, end);
				if (*p != ',') {
					done = p + 1;
					break;
				}
				p = skip_space(p + 1, end);
			}
		}
		sbuf_addc(b, close);
		return done;
	}
	if (*p == 't' || *p == 'f' || *p == 'n') {
		const char *lit = *p == 't' ? "true" : *p == 'f' ? "false" : "null";
		sbuf_adds(b, lit);
		return p + strlen(lit);
	}
	/* A number: as cJSON reads it, shown as load_num_text. */
	const char *stop = NULL;
	char buf[64];
	cJSON *v = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &stop, 0);
	sbuf_adds(b, load_num_text(buf, sizeof(buf), v != NULL ? v->valuedouble : 0));
	cJSON_Delete(v);
	return skip_value(p, end);
}

/* ---------------------------------------------------------------------------
 * The tree.
 * ------------------------------------------------------------------------- */

static void
fail_at(struct load_doc *d, const char *at)
{
	long line, col;
	size_t off = at != NULL && at >= d->t.s + d->t.bom ? (size_t)(at - d->t.s) : d->t.bom;
	load_text_position(&d->t, off, &line, &col);
	msg_at(MSG_ERROR, d->t.path, line, col, "invalid JSON: rejected by the JSON parser");
	d->failed = true;
}

/* The powers of ten a double holds exactly. */
static const double exact_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

bool
load_plain_number(const char *p, const char *end, const char **stop, double *v)
{
	const char *s = p;
	bool minus = s < end && *s == '-';
	s += minus;
	uint64_t w = 0;
	int digits = 0, frac = 0;
	for (bool point = false;; s++) {
		if (s < end && *s >= '0' && *s <= '9') {
			if (++digits > 19)
				return false;
			w = w * 10 + (uint64_t)(*s - '0');
			frac += point;
		} else if (s < end && *s == '.' && !point && digits > 0) {
			point = true;
		} else {
			break;
		}
	}
	if (digits == 0 || s[-1] == '.' || w > (UINT64_C(1) << 53) ||
	    frac >= (int)(sizeof(exact_ten) / sizeof(exact_ten[0])) ||
	    (s < end && (*s == 'e' || *s == 'E')))
		return false;
	/* w and 10^frac are exact, and a division rounds once: as strtod does. */
	double x = frac > 0 ? (double)w / exact_ten[frac] : (double)w;
	*v = minus ? -x : x;
	*stop = s;
	return true;
}

/*
 * The string whose opening quote is at p, when it has no escape: the item cJSON's
 * parse makes of it (a cJSON_String, its bytes copied into memory from cJSON's
 * allocator, a NUL after them); *stop past its closing quote. NULL for one with an
 * escape, which cJSON reads. The scan has passed the text: it ends with the quote, and
 * holds no control character and valid UTF-8 only.
 */
static cJSON *
plain_string(const char *p, const char *end, const char **stop)
{
	const char *q = p + 1;
	for (;;) {
		q = load_plain_run(q, end);
		if (q >= end || *q == '\\')
			return NULL;
		if (*q == '"')
			break;
		q++; /* a byte above 0x7F */
	}
	size_t n = (size_t)(q - (p + 1));
	char *s = cJSON_malloc(n + 1);
	cJSON *v = cJSON_CreateNull();
	if (s == NULL || v == NULL) {
		cJSON_free(s);
		cJSON_Delete(v);
		return NULL;
	}
	memcpy(s, p + 1, n);
	s[n] = '\0';
	v->type = cJSON_String;
	v->valuestring = s;
	*stop = q + 1;
	return v;
}

/* A string, number or literal at *p, parsed by cJSON; NULL after a message. */
static cJSON *
leaf(struct load_doc *d, const char **p)
{
	const char *end = d->t.s + d->t.len, *stop = NULL;
	double x;
	cJSON *v = NULL;
	/*
	 * Most of a file's values: numbers and strings. A plain number or a string without
	 * an escape is read here, into the item cJSON's parse would give.
	 */
	if ((**p == '-' || (**p >= '0' && **p <= '9')) && load_plain_number(*p, end, &stop, &x))
		v = cJSON_CreateNumber(x);
	else if (**p == '"')
		v = plain_string(*p, end, &stop);
	if (v == NULL)
		v = cJSON_ParseWithLengthOpts(*p, (size_t)(end - *p), &stop, 0);
	/* cJSON reads at most 63 characters of a number: not expected of a real file. */
	if (v == NULL ||
	    (stop < end && ((*stop >= '0' && *stop <= '9') || *stop == '.' || *stop == 'e' ||
	                    *stop == 'E' || *stop == '+' || *stop == '-'))) {
		cJSON_Delete(v);
		fail_at(d, stop);
		return NULL;
	}
	*p = stop;
	return v;
}

/* The value at *p as a message shows it, in a cJSON_Raw item; *p goes past it. */
static cJSON *
raw(struct load_doc *d, const char **p)
{
	const char *end = d->t.s + d->t.len;
	struct sbuf b = {0};
	render_text(&b, *p, end, 300);
	cJSON *v = cJSON_CreateRaw(b.s);
	sbuf_free(&b);
	*p = skip_value(*p, end);
	return v;
}

/* Appends v to the children of obj (cJSON_AddItemToArray: the first's prev is the last). */
static void
append(cJSON *obj, cJSON *v)
{
	cJSON *first = obj->child;
	v->next = NULL;
	if (first == NULL) {
		obj->child = v;
		v->prev = v;
	} else {
		cJSON *last = first->prev;
		last->next = v;
		v->prev = last;
		first->prev = v;
	}
}

static cJSON *build_object(struct load_doc *d, const char **p, const struct load_schema *sch,
                           bool map);

/* The record of the lazy array at offset at (the scan made one for each). */
static const struct load_lazy *
lazy_record(const struct load_doc *d, size_t at)
{
	size_t lo = 0, hi = d->nlazy;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->lazy[mid].at < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nlazy && d->lazy[lo].at == at ? &d->lazy[lo] : NULL;
}

/* An element of an array of objects of schema sub. */
static cJSON *
build_element(struct load_doc *d, const char **p, const struct load_schema *sub)
{
	if (**p == '{')
		return build_object(d, p, sub, false);
	if (**p == '[')
		return raw(d, p);
	return leaf(d, p);
}

static cJSON *
build_array(struct load_doc *d, const char **p, const struct load_schema *sub)
{
	cJSON *arr = cJSON_CreateArray();
	const char *q = skip_in(*p + 1);
	if (*q == ']') {
		*p = q + 1;
		return arr;
	}
	for (;;) {
		cJSON *v = build_element(d, &q, sub);
		if (v == NULL) {
			cJSON_Delete(arr);
			return NULL;
		}
		append(arr, v);
		q = skip_in(q);
		if (*q++ != ',')
			break;
		q = skip_in(q);
	}
	*p = q;
	return arr;
}

/* The value at *p of member f: its shape as the format's, or a leaf, or a Raw item. */
static cJSON *
build_member(struct load_doc *d, const char **p, const struct load_field *f)
{
	char c = **p;
	bool object = c == '{', array = c == '[';
	if (!object && !array)
		return leaf(d, p);
	switch (f->kind) {
	case J_OBJECT:
		return object ? build_object(d, p, f->sub, false) : raw(d, p);
	case J_MAP:
		return object ? build_object(d, p, NULL, true) : raw(d, p);
	case J_ARRAY:
		return array ? build_array(d, p, f->sub) : raw(d, p);
	case J_LAZY:
		if (array) {
			size_t at = (size_t)(*p - d->t.s);
			const struct load_lazy *rec = lazy_record(d, at);
			assert(rec != NULL);
			cJSON *v = cJSON_CreateArray();
			xgrow(&d->open, &d->capopen, d->nopen, sizeof(*d->open));
			d->open[d->nopen++] = (struct load_open){v, rec, f->sub};
			*p = d->t.s + rec->end;
			return v;
		}
		return raw(d, p);
	case J_LEAF:
		break;
	}
	return raw(d, p);
}

/* A null item named key (decoded, at most NAME_MAX_BYTES), flagged. */
static cJSON *
marker(const char *key, int flag)
{
	char name[NAME_MAX_BYTES];
	bool cut;
	load_str_copy(key, name, sizeof(name), &cut);
	cJSON *v = cJSON_CreateNull();
	v->type |= flag;
	v->string = cJSON_malloc(strlen(name) + 1);
	strcpy(v->string, name);
	return v;
}

/*
 * The object at *p: with a schema, its named members (the rest skipped); a map (sch
 * NULL), every key d->map_key keeps. Repeats and too many unknown keys as said in
 * load_tree.h. NULL after a message (d->failed).
 */
static cJSON *
build_object(struct load_doc *d, const char **p, const struct load_schema *sch, bool map)
{
	const char *s = d->t.s, *end = s + d->t.len;
	assert(d->depth < MAX_OPEN);
	struct load_keyset *ks = &d->sets[d->depth++];
	cJSON *obj = cJSON_CreateObject();
	uint64_t seen = 0;
	size_t unknown = 0;
	char name[NAME_MAX_BYTES];
	const char *q = skip_in(*p + 1);
	bool ok = true;
	if (*q == '}') {
		q++;
		goto done;
	}
	size_t hint = 0; /* the field after the last one met: files keep their order */
	for (;;) {
		/* The key: its span (a plain one ends at its quote), then its field. */
		const char *key = q, *k = load_plain_run(q + 1, end);
		while (*k != '"' && *k != '\\')
			k = load_plain_run(k + 1, end); /* past a character above 0x7F */
		const struct load_field *f = NULL;
		bool escaped = *k == '\\';
		if (!escaped) {
			size_t len = (size_t)(k - key - 1);
			if (sch != NULL && hint < sch->n &&
			    load_field_is(&sch->fields[hint], key + 1, len))
				f = &sch->fields[hint];
			else if (sch != NULL && len > 0)
				f = load_schema_field_n(sch, key + 1, len);
			q = k + 1;
		} else {
			if (sch != NULL)
				f = load_schema_field(sch, key, end);
			q = skip_string_to(key, end);
		}
		if (f != NULL)
			hint = (size_t)(f - sch->fields) + 1;
		q = skip_in(skip_in(q) + 1); /* ':' */
		bool repeat = false, keep = f != NULL;
		if (f != NULL) {
			uint64_t bit = UINT64_C(1) << (size_t)(f - sch->fields);
			repeat = (seen & bit) != 0;
			seen |= bit;
		} else {
			enum load_map kind = LOAD_MAP_DROP;
			if (map && !escaped) {
				/* A plain key's value is its bytes. */
				size_t len = (size_t)(k - key - 1);
				bool cut = len >= sizeof(name);
				len = cut ? sizeof(name) - 1 : len;
				memcpy(name, key + 1, len);
				name[len] = '\0';
				kind = d->map_key != NULL
				           ? d->map_key(d->map_ctx, (size_t)(*p - s), name, cut)
				           : LOAD_MAP_KEEP;
			} else if (map) {
				bool cut;
				load_str_copy(key, name, sizeof(name), &cut);
				kind = d->map_key != NULL
				           ? d->map_key(d->map_ctx, (size_t)(*p - s), name, cut)
				           : LOAD_MAP_KEEP;
			}
			if (kind == LOAD_MAP_REPEAT) {
				/* A known key met before: map_key keeps those. */
				repeat = true;
			} else if (kind == LOAD_MAP_KEEP && d->map_key != NULL) {
				keep = true;
			} else if (unknown <= LOAD_MAX_UNKNOWN) {
				/* Only a key that is no field is hashed (read once more). */
				size_t h = escaped ? str_hash(key) : raw_hash(key + 1, k);
				repeat = !keyset_add(ks, s, (size_t)(key - s), h);
				bool counted = kind != LOAD_MAP_KEEP;
				if (!repeat && counted && ++unknown > LOAD_MAX_UNKNOWN) {
					cJSON *v = cJSON_CreateNull();
					v->type |= LOAD_TOO_MANY;
					cJSON_AddItemToObjectCS(obj, "", v);
				} else {
					keep = !repeat && kind != LOAD_MAP_DROP;
				}
			}
		}
		if (repeat) {
			/* The marker has its name: appended as it is. */
			cJSON_AddItemToArray(obj, marker(key, LOAD_REPEAT));
			q = skip_value(q, end);
		} else if (keep) {
			cJSON *v = f != NULL                ? build_member(d, &q, f)
			           : *q == '{' || *q == '[' ? raw(d, &q)
			                                    : leaf(d, &q);
			if (v == NULL) {
				ok = false;
				break;
			}
			if (f != NULL) {
				/* cJSON_AddItemToObjectCS, inline: the name is the schema's. */
				v->string = (char *)f->name;
				v->type |= cJSON_StringIsConst;
				append(obj, v);
			} else { /* a map's key, its value in name */
				cJSON_AddItemToObject(obj, name, v);
			}
		} else {
			q = skip_value(q, end);
		}
		load_text_release(&d->t, (size_t)(q - s));
		q = skip_in(q);
		if (*q++ != ',')
			break;
		q = skip_in(q);
	}
done:
	keyset_clear(ks);
	d->depth--;
	*p = q;
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

bool
load_doc_open(struct load_doc *d, const char *path, const struct load_schema *root, bool map,
              cJSON **tree, bool *csv)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, cjson_hooks);
	memset(d, 0, sizeof(*d));
	*tree = NULL;
	if (!load_text_open(&d->t, path, map))
		return false;
	if (!load_text_one_bom(&d->t))
		return false;
	if (csv != NULL && load_text_is_csv(&d->t)) {
		*csv = true;
		return false;
	}
	size_t start, end;
	struct load_found found;
	if (!load_scan(&d->t, root, &found, &start, &end))
		return false;
	d->lazy = found.lazy;
	d->nlazy = found.nlazy;
	d->cuts = found.cuts;
	d->ncuts = found.ncuts;
	d->sets = xcalloc(MAX_OPEN, sizeof(*d->sets));
	load_text_restart(&d->t, 0);
	const char *p = d->t.s + start;
	d->use_bump = map;
	bump_now = d->use_bump ? &d->bump : NULL;
	*tree = *p == '{'   ? build_object(d, &p, root, root == NULL)
	        : *p == '[' ? raw(d, &p)
	                    : leaf(d, &p);
	bump_now = NULL;
	assert(*tree == NULL || p == d->t.s + end);
	return *tree != NULL;
}

void
load_doc_close(struct load_doc *d)
{
	if (!d->view) {
		load_text_close(&d->t);
		free(d->lazy);
		free(d->cuts);
	}
	free(d->open);
	for (int i = 0; d->sets != NULL && i < MAX_OPEN; i++) {
		free(d->sets[i].slot);
		free(d->sets[i].hash);
		free(d->sets[i].used);
	}
	free(d->sets);
	bump_free(&d->bump);
	memset(d, 0, sizeof(*d));
}

void
load_doc_view(struct load_doc *v, const struct load_doc *d)
{
	memset(v, 0, sizeof(*v));
	v->t = d->t; /* its pages given back as this view reads on (a copy of the state) */
	v->lazy = d->lazy;
	v->nlazy = d->nlazy;
	v->cuts = d->cuts;
	v->ncuts = d->ncuts;
	v->view = true;
	v->map_key = d->map_key;
	v->map_ctx = d->map_ctx;
	v->sets = xcalloc(MAX_OPEN, sizeof(*v->sets));
	v->use_bump = d->use_bump;
}

/* ---------------------------------------------------------------------------
 * Lazy arrays, one element at a time.
 * ------------------------------------------------------------------------- */

static const struct load_open *
open_of(const struct load_doc *d, const cJSON *item)
{
	for (size_t i = d->nopen; i-- > 0;)
		if (d->open[i].item == item)
			return &d->open[i];
	return NULL;
}

size_t
load_elements_count(const struct load_doc *d, const cJSON *arr)
{
	const struct load_open *o = open_of(d, arr);
	return o != NULL ? o->rec->count : (size_t)cJSON_GetArraySize(arr);
}

void
load_elements_begin(struct load_elements *e, struct load_doc *d, const cJSON *arr)
{
	memset(e, 0, sizeof(*e));
	e->d = d;
	const struct load_open *o = open_of(d, arr);
	if (o == NULL) {
		e->next = arr->child;
		return;
	}
	e->lazy = true;
	e->bump = bump_mark(&d->bump);
	e->sub = o->sub;
	e->left = o->rec->count;
	e->mark = d->nopen;
	load_text_restart(&d->t, o->rec->at);
	e->p = skip_space(d->t.s + o->rec->at + 1, d->t.s + d->t.len);
}

const struct load_lazy *
load_elements_record(const struct load_doc *d, const cJSON *arr, const struct load_schema **sub)
{
	const struct load_open *o = open_of(d, arr);
	*sub = o != NULL ? o->sub : NULL;
	return o != NULL ? o->rec : NULL;
}

void
load_elements_begin_at(struct load_elements *e, struct load_doc *d, const struct load_schema *sub,
                       size_t at, size_t count)
{
	memset(e, 0, sizeof(*e));
	e->d = d;
	e->lazy = true;
	e->bump = bump_mark(&d->bump);
	e->sub = sub;
	e->left = count;
	e->mark = d->nopen;
	load_text_restart(&d->t, at);
	e->p = d->t.s + at;
}

const cJSON *
load_elements_next(struct load_elements *e)
{
	if (!e->lazy) {
		const cJSON *v = e->next;
		if (v != NULL)
			e->next = v->next;
		return v;
	}
	struct load_doc *d = e->d;
	/* A tree in the bump arena goes with the release below, item by item for nothing. */
	if (!d->use_bump)
		cJSON_Delete(e->cur);
	e->cur = NULL;
	d->nopen = e->mark;
	bump_release(&d->bump, e->bump);
	if (e->left == 0 || d->failed)
		return NULL;
	e->left--;
	const char *end = d->t.s + d->t.len;
	bump_now = d->use_bump ? &d->bump : NULL;
	e->cur = build_element(d, &e->p, e->sub);
	bump_now = NULL;
	e->p = skip_space(e->p, end);
	if (*e->p == ',')
		e->p = skip_space(e->p + 1, end);
	load_text_release(&d->t, (size_t)(e->p - d->t.s));
	return e->cur;
}

void
load_elements_end(struct load_elements *e)
{
	if (e->lazy) {
		if (!e->d->use_bump)
			cJSON_Delete(e->cur);
		e->d->nopen = e->mark;
		bump_release(&e->d->bump, e->bump);
		/*
		 * The pages read, all of them: a piece of the partners (load_json.c) ends
		 * short of a release step, and the next one restarts further on, so each
		 * piece's last pages stayed resident (47 MiB of the metrics of 100,000).
		 */
		struct load_text *t = &e->d->t;
		if (t->map != NULL && e->p != NULL && (size_t)(e->p - t->s) > t->kept)
			load_text_give_back(t, (size_t)(e->p - t->s));
	}
	memset(e, 0, sizeof(*e));
}

/* ---------------------------------------------------------------------------
 * Values in messages.
 * ------------------------------------------------------------------------- */

/* Appends a short JSON form of the leaf or Raw item v. */
static void
render(struct sbuf *b, const cJSON *v)
{
	char buf[MSG_QUOTE_SIZE];
	if (cJSON_IsFalse(v))
		sbuf_adds(b, "false");
	else if (cJSON_IsTrue(v))
		sbuf_adds(b, "true");
	else if (cJSON_IsNull(v))
		sbuf_adds(b, "null");
	else if (cJSON_IsNumber(v))
		sbuf_adds(b, load_num_text(buf, sizeof(buf), v->valuedouble));
	else if (cJSON_IsString(v))
		sbuf_adds(b, msg_quote(buf, v->valuestring));
	else if (cJSON_IsRaw(v))
		sbuf_adds(b, v->valuestring);
	else /* an object or array of the format's shape is never shown */
		sbuf_adds(b, cJSON_IsArray(v) ? "[...]" : "{...}");
}

char *
load_shown(const cJSON *v)
{
	struct sbuf b = {0};
	render(&b, v);
	size_t chars = 0, i;
	for (i = 0; i < b.len; i++)
		if (((unsigned char)b.s[i] & 0xC0) != 0x80 && ++chars > 60)
			break;
	if (i < b.len) {
		b.len = i;
		b.s[i] = '\0';
		sbuf_adds(&b, "...");
	}
	return sbuf_take(&b);
}
