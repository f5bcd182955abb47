/* SPDX-License-Identifier: MIT */
/* German hyphenation: libhyphen with the hyphen-de patterns; the only file that sees hyphen.h. */
#include <errno.h>
#include <hyphen.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hyph.h"
#include "mem.h"
#include "msg.h"
#include "utf8.h"

#define DEFAULT_PATH "/usr/share/hyphen/hyph_de_DE.dic"

/*
 * The longest word (all of w, in bytes) that gets break points. Every buffer of
 * hyph_word lives on the stack with this bound, so a call allocates nothing itself;
 * libhyphen still does (see hyph_part). No German word in a report comes near it.
 */
#define WORD_MAX 256

struct hyph {
	/*
	 * Read-only after hyph_open. hnj_hyphen_hyphenate3 takes a non-const pointer, but
	 * libhyphen 2.8.8 only reads the dictionary while hyphenating (states, matches,
	 * NOHYPHEN list): its scratch buffers are allocated per call and it keeps no static
	 * state, so threads may share one dictionary without a lock.
	 */
	struct index *index; /* the patterns by their letters */
	bool utf8; /* patterns in UTF-8; otherwise ISO-8859-1, one byte per character */
	/*
	 * A lazy handle loads on the first word that needs it (loading costs about 1.3 s,
	 * and many runs never hyphenate): state goes 0 -> 1 (loaded) or 2 (failed) once,
	 * under lock, and is read with acquire ordering before dict is used.
	 */
	char *path;
	pthread_mutex_t lock;
	_Atomic int state;
	struct cache *cache; /* the other mutable part: hyph_word's answers, under its own locks */
};

/*
 * The answers of hyph_word by word, for the whole run. Reports repeat the same words
 * (a 300-partner batch asks about 56,000 times for about 200 words), and working one
 * out costs far more than looking it up. The cache has a fixed size, so memory stays
 * bounded however long the batch: CACHE_SETS sets of CACHE_WAYS entries of 128 bytes,
 * 1 MiB in all (calloc'd, so only the pages touched become resident). A full set
 * drops its oldest entry. Words longer than CACHE_WORD bytes, or with more than
 * CACHE_AT breaks, are worked out each time. Each set is guarded by one of CACHE_LOCKS
 * mutexes, so threads rarely wait for one another.
 */
enum {
	CACHE_WORD = 78,
	CACHE_AT = 36,
	CACHE_WAYS = 4,
	CACHE_SETS = 2048, /* a power of two */
	CACHE_LOCKS = 64,  /* a power of two, at most CACHE_SETS */
};

/* One word's answer; len 0 marks an empty entry. */
struct centry {
	uint64_t hash;
	uint8_t len, left, right, n;
	char word[CACHE_WORD];
	uint8_t at[CACHE_AT]; /* all breaks, as byte offsets (a cached word is short) */
};
_Static_assert(sizeof(struct centry) == 128, "a cache entry is 128 bytes");

struct cset {
	struct centry e[CACHE_WAYS];
};

/* A lock with its counters, padded to a cache line of its own. */
struct cshard {
	pthread_mutex_t mu;
	size_t hits, misses;
	char pad[64 - (sizeof(pthread_mutex_t) + 2 * sizeof(size_t)) % 64];
};

struct cache {
	struct cshard locks[CACHE_LOCKS];
	uint8_t next[CACHE_SETS]; /* the way a set fills next (the oldest one when full) */
	struct cset sets[CACHE_SETS];
};

static struct cache *
cache_new(void)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	for (size_t i = 0; i < CACHE_LOCKS; i++)
		pthread_mutex_init(&c->locks[i].mu, NULL);
	return c;
}

static void
cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < CACHE_LOCKS; i++)
		pthread_mutex_destroy(&c->locks[i].mu);
	free(c);
}

/* FNV-1a over the word, then the minimums: the key of a cache entry. */
static uint64_t
cache_hash(const char *w, size_t len, size_t left, size_t right)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)w[i]) * 1099511628211u;
	h = (h ^ left) * 1099511628211u;
	h = (h ^ right) * 1099511628211u;
	return h ^ (h >> 29);
}

static struct centry *
cache_find(struct cset *set, uint64_t hash, const char *w, size_t len, size_t left, size_t right)
{
	for (size_t i = 0; i < CACHE_WAYS; i++) {
		struct centry *e = &set->e[i];
		if (e->len == len && e->hash == hash && e->left == left && e->right == right &&
		    memcmp(e->word, w, len) == 0)
			return e;
	}
	return NULL;
}

/* Reads all of path into *data (caller frees) and its length into *size. */
static bool
read_all(const char *path, char **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		msg_at(MSG_ERROR, path, 0, 0, "cannot read the hyphenation patterns: %s",
		       strerror(errno));
		return false;
	}
	struct sbuf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sbuf_add(&b, chunk, n);
	int e = ferror(f) ? errno : 0;
	fclose(f);
	if (e != 0) {
		sbuf_free(&b);
		msg_at(MSG_ERROR, path, 0, 0, "cannot read the hyphenation patterns: %s",
		       strerror(e));
		return false;
	}
	*size = b.len;
	*data = b.s != NULL ? sbuf_take(&b) : xstrdup("");
	return true;
}

/* libhyphen 2.8.8 reads lines into a buffer of 100 bytes (MAX_CHARS in hyphen.c). */
#define LIB_LINE 100

/*
 * Loading all of hyphen-de into libhyphen takes about 1.3 s (278,832 states in a
 * hash of 31,627 slots). But a word only ever walks through the automaton's states
 * that are pieces of it. So the patterns are indexed once, in milliseconds, by their
 * letters (with the word-boundary dots, without the digits), together with every
 * prefix of them (libhyphen's states). For each word libhyphen then gets a small
 * dictionary: the patterns whose letters are pieces of the word, and a pattern
 * without digits for every other state that is one, so that the small automaton
 * walks and falls back exactly as the whole one would. libhyphen applies only the
 * match of the state it stands in, not of its suffixes, so leaving those states out
 * would change results. tests/unit/unit_hyph_equiv.c checks the breaks against the
 * whole dictionary for all of hyphen-de's own words.
 */
struct pat {
	const char *line;
	const char *key;  /* letters and dots, NUL-terminated */
	size_t keylen;
	size_t next;      /* the next pattern of this level with the same key, or SIZE_MAX */
};

/* One level of the dictionary (before NEXTLEVEL, and after it). */
struct level {
	struct sbuf head;     /* the keyword lines every small dictionary needs */
	struct pat *pats;
	size_t npats, pcap;
	size_t *slots;        /* open addressing on keys: the first pattern, or SIZE_MAX */
	size_t nslots;
	/* The states: every prefix of a key, as offset and length into the keys. */
	struct state {
		uint32_t off; /* + 1; 0 marks an empty slot */
		uint32_t len;
	} *states;
	size_t nstates;       /* slots, a power of two, at most 70 % used */
	size_t used;
	const char *keys;     /* the index's key storage */
};

struct index {
	char *text;       /* the cleaned dictionary, lines NUL-terminated in place */
	char *keys;       /* the keys' storage */
	struct sbuf charset;
	struct level lv[2];
	int nlevels;
	size_t maxkey;
};

static size_t
key_hash(const char *s, size_t n)
{
	size_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

/* The first pattern of this level with exactly this key, or SIZE_MAX. */
static size_t
find_pattern(const struct level *v, const char *s, size_t n)
{
	for (size_t i = key_hash(s, n) & (v->nslots - 1);; i = (i + 1) & (v->nslots - 1)) {
		size_t p = v->slots[i];
		if (p == SIZE_MAX)
			return SIZE_MAX;
		if (v->pats[p].keylen == n && memcmp(v->pats[p].key, s, n) == 0)
			return p;
	}
}

static bool
is_state(const struct level *v, const char *s, size_t n)
{
	for (size_t i = key_hash(s, n) & (v->nstates - 1);; i = (i + 1) & (v->nstates - 1)) {
		const struct state *st = &v->states[i];
		if (st->off == 0)
			return false;
		if (st->len == n && memcmp(v->keys + st->off - 1, s, n) == 0)
			return true;
	}
}

static void
put_state(struct state *tab, size_t size, const char *keys, struct state st)
{
	size_t i = key_hash(keys + st.off - 1, st.len) & (size - 1);
	while (tab[i].off != 0)
		i = (i + 1) & (size - 1);
	tab[i] = st;
}

static void
add_state(struct level *v, const char *s, size_t n)
{
	if (is_state(v, s, n))
		return;
	if ((v->used + 1) * 10 > v->nstates * 7) {
		size_t size = v->nstates * 2;
		struct state *tab = xcalloc(size, sizeof(*tab));
		for (size_t i = 0; i < v->nstates; i++)
			if (v->states[i].off != 0)
				put_state(tab, size, v->keys, v->states[i]);
		free(v->states);
		v->states = tab;
		v->nstates = size;
	}
	put_state(v->states, v->nstates, v->keys,
		  (struct state){(uint32_t)(s - v->keys + 1), (uint32_t)n});
	v->used++;
}

static void
level_index(struct level *v)
{
	v->nslots = 16;
	while (v->nslots < 2 * v->npats)
		v->nslots *= 2;
	v->slots = xmalloc(v->nslots * sizeof(size_t));
	for (size_t i = 0; i < v->nslots; i++)
		v->slots[i] = SIZE_MAX;
	/*
	 * One pattern per key: two lines with the same letters are the same pattern, and
	 * libhyphen keeps the last (it also leaks the other). Inserted backwards, the
	 * first one met is the file's last.
	 */
	for (size_t q = v->npats; q-- > 0;) {
		struct pat *pt = &v->pats[q];
		size_t i = key_hash(pt->key, pt->keylen) & (v->nslots - 1);
		for (;; i = (i + 1) & (v->nslots - 1)) {
			size_t s = v->slots[i];
			if (s == SIZE_MAX) {
				v->slots[i] = q;
				break;
			}
			if (v->pats[s].keylen == pt->keylen &&
			    memcmp(v->pats[s].key, pt->key, pt->keylen) == 0)
				break;
		}
	}
	v->nstates = 1024;
	v->states = xcalloc(v->nstates, sizeof(*v->states));
	for (size_t q = 0; q < v->npats; q++)
		for (size_t k = 1; k <= v->pats[q].keylen; k++)
			add_state(v, v->pats[q].key, k);
}

static struct index *
index_build(const char *text, size_t len)
{
	struct index *x = xcalloc(1, sizeof(*x));
	x->text = xstrndup(text, len);
	x->keys = xmalloc(len + 1);
	x->nlevels = 1;
	size_t kused = 0;
	int level = 0;
	bool first = true;
	for (char *p = x->text, *end = x->text + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		p[n] = '\0';
		char *line = p;
		p += n + 1;
		unsigned char c = (unsigned char)line[0];
		if (first) { /* the character set: the first line of every dictionary */
			sbuf_adds(&x->charset, line);
			sbuf_addc(&x->charset, '\n');
			first = false;
			continue;
		}
		if (strncmp(line, "NEXTLEVEL", 9) == 0) {
			level = 1;
			x->nlevels = 2;
			continue;
		}
		struct level *v = &x->lv[level];
		if (n == 0 || c == '%')
			continue;
		/*
		 * Only letters, digits and dots begin a pattern; libhyphen would load the
		 * Debian file's '#' lines too, but no word can ever meet them.
		 */
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c >= 0x80) &&
		    !((c >= 'A' && c <= 'Z') || n >= LIB_LINE - 2))
			continue;
		/* Keywords, and lines too long for libhyphen to read whole, always go along. */
		if ((c >= 'A' && c <= 'Z') || n >= LIB_LINE - 2) {
			sbuf_adds(&v->head, line);
			sbuf_addc(&v->head, '\n');
			continue;
		}
		char *key = x->keys + kused;
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned char b = (unsigned char)line[i];
			if (b <= ' ' || b == '/')
				break;
			if (!(b >= '0' && b <= '9'))
				key[k++] = (char)b;
		}
		key[k] = '\0';
		kused += k + 1;
		if (k == 0)
			continue;
		xgrow(&v->pats, &v->pcap, v->npats, sizeof(*v->pats));
		v->pats[v->npats++] = (struct pat){line, key, k, SIZE_MAX};
		if (k > x->maxkey)
			x->maxkey = k;
	}
	for (int l = 0; l < x->nlevels; l++) {
		x->lv[l].keys = x->keys;
		level_index(&x->lv[l]);
	}
	return x;
}

static void
index_free(struct index *x)
{
	if (x == NULL)
		return;
	for (int l = 0; l < 2; l++) {
		sbuf_free(&x->lv[l].head);
		free(x->lv[l].pats);
		free(x->lv[l].slots);
		free(x->lv[l].states);
	}
	sbuf_free(&x->charset);
	free(x->keys);
	free(x->text);
	free(x);
}

/* The lines of one level a word needs: its patterns and its other states. */
static void
level_lines(const struct level *v, const char *word, size_t wlen, size_t maxkey, struct sbuf *b)
{
	/* The word with its boundary dots: every piece of it is a candidate. */
	char dotted[WORD_MAX + 3];
	dotted[0] = '.';
	memcpy(dotted + 1, word, wlen);
	dotted[wlen + 1] = '.';
	size_t dlen = wlen + 2;
	/* Pieces already given, by hash: each goes once, or libhyphen keeps the last. */
	enum { SEEN = 1024 };
	struct {
		const char *s;
		size_t len;
		char dots; /* 1: leading dot added, 2: trailing dot added */
	} seen[SEEN];
	memset(seen, 0, sizeof(seen));
	for (size_t i = 0; i < dlen; i++) {
		/*
		 * States are closed under prefixes: once neither the piece nor the piece
		 * after an added dot is one, no longer piece from here is either.
		 */
		bool plain = true, dot = dotted[i] != '.';
		for (size_t k = 1; k <= maxkey && i + k <= dlen && (plain || dot); k++) {
			const char *s = dotted + i;
			/*
			 * Inside a compound the next level sees the parts with dots of their
			 * own; the variants with a dot at either end cover those.
			 */
			for (int form = 0; form < 4; form++) {
				bool lead = form & 1, trail = form & 2;
				if ((lead && (!dot || s[0] == '.')) || (!lead && !plain) ||
				    (trail && s[k - 1] == '.'))
					continue;
				char buf[WORD_MAX + 8];
				size_t n = 0;
				if (lead)
					buf[n++] = '.';
				memcpy(buf + n, s, k);
				n += k;
				if (trail)
					buf[n++] = '.';
				if (!is_state(v, buf, n)) {
					if (form == 0)
						plain = false;
					if (form == 1)
						dot = false;
					continue;
				}
				size_t h = key_hash(buf, n) & (SEEN - 1), probes = 0;
				bool dup = false;
				for (; seen[h].s != NULL && probes < SEEN; h = (h + 1) & (SEEN - 1), probes++)
					if (seen[h].len == k && seen[h].dots == form && seen[h].s == s) {
						dup = true;
						break;
					} else if (seen[h].len + (seen[h].dots & 1) + (seen[h].dots >> 1) == n) {
						char other[WORD_MAX + 8];
						size_t m = 0;
						if (seen[h].dots & 1)
							other[m++] = '.';
						memcpy(other + m, seen[h].s, seen[h].len);
						m += seen[h].len;
						if (seen[h].dots & 2)
							other[m++] = '.';
						if (memcmp(other, buf, n) == 0) {
							dup = true;
							break;
						}
					}
				if (dup || probes == SEEN)
					continue;
				seen[h].s = s;
				seen[h].len = k;
				seen[h].dots = (char)form;
				size_t p = find_pattern(v, buf, n);
				if (p == SIZE_MAX) {
					sbuf_add(b, buf, n);
					sbuf_addc(b, '\n');
				}
				for (; p != SIZE_MAX; p = v->pats[p].next) {
					sbuf_adds(b, v->pats[p].line);
					sbuf_addc(b, '\n');
				}
			}
		}
	}
}

/*
 * A libhyphen dictionary for word (folded, in the dictionary's encoding), holding
 * what the word can meet of the whole one; NULL if libhyphen fails. Caller frees.
 */
static HyphenDict *
word_dict(const struct index *x, const char *word, size_t wlen)
{
	struct sbuf b = {0};
	sbuf_add(&b, x->charset.s, x->charset.len);
	for (int l = 0; l < x->nlevels; l++) {
		if (l == 1)
			sbuf_adds(&b, "NEXTLEVEL\n");
		if (x->lv[l].head.len)
			sbuf_add(&b, x->lv[l].head.s, x->lv[l].head.len);
		level_lines(&x->lv[l], word, wlen, x->maxkey, &b);
	}
	HyphenDict *d = NULL;
	FILE *f = fmemopen(b.s, b.len, "r");
	if (f != NULL) {
		d = hnj_hyphen_load_file(f);
		fclose(f);
	}
	sbuf_free(&b);
	return d;
}

/* Loads the patterns at path into h's dict and utf8; false after a message. */
static bool
load(struct hyph *h, const char *path)
{
	char *data;
	size_t size;

	if (!read_all(path, &data, &size))
		return false;
	if (size == 0) {
		free(data);
		msg_at(MSG_ERROR, path, 0, 0, "the hyphenation patterns file is empty");
		return false;
	}

	/*
	 * The first line names the character set. libhyphen compares it with "UTF-8"
	 * exactly and takes anything else for an 8-bit set; only ISO-8859-1 is known here.
	 */
	size_t first = strcspn(data, "\n");
	char cset[64];
	size_t clen = strcspn(data, "\r\n");
	if (clen >= sizeof(cset))
		clen = sizeof(cset) - 1;
	memcpy(cset, data, clen);
	cset[clen] = '\0';
	bool utf8;
	if (strcmp(cset, "UTF-8") == 0) {
		utf8 = true;
	} else if (strcmp(cset, "ISO8859-1") == 0 || strcmp(cset, "ISO-8859-1") == 0) {
		utf8 = false;
	} else {
		char q[MSG_QUOTE_SIZE];
		free(data);
		msg_at(MSG_ERROR, path, 1, 0,
		       "unsupported character set %s in the hyphenation patterns (want UTF-8 "
		       "or ISO8859-1)",
		       msg_quote(q, cset));
		return false;
	}

	struct sbuf text = {0};
	sbuf_adds(&text, cset);
	sbuf_addc(&text, '\n');
	const char *rest = first < size ? data + first + 1 : data + size;
	sbuf_add(&text, rest, size - (size_t)(rest - data));
	free(data);
	h->index = index_build(text.s, text.len);
	sbuf_free(&text);
	if (h->index->lv[0].npats + h->index->lv[1].npats == 0) {
		index_free(h->index);
		h->index = NULL;
		msg_at(MSG_ERROR, path, 0, 0, "the file holds no hyphenation patterns");
		return false;
	}
	h->utf8 = utf8;
	return true;
}

static struct hyph *
new_handle(const char *path)
{
	struct hyph *h = xcalloc(1, sizeof(*h));
	h->path = xstrdup(path);
	h->cache = cache_new();
	pthread_mutex_init(&h->lock, NULL);
	atomic_init(&h->state, 0);
	return h;
}

struct hyph *
hyph_open(const char *path)
{
	struct hyph *h = new_handle(path);
	if (!load(h, path)) {
		hyph_close(h);
		return NULL;
	}
	atomic_store(&h->state, 1);
	return h;
}

struct hyph *
hyph_open_lazy(const char *path)
{
	return new_handle(path);
}

/* True when the patterns are loaded, loading them now if this is a lazy handle. */
static bool
ready(const struct hyph *ch)
{
	struct hyph *h = (struct hyph *)ch; /* the lazy state is the one mutable part */
	int st = atomic_load_explicit(&h->state, memory_order_acquire);
	if (st != 0)
		return st == 1;
	pthread_mutex_lock(&h->lock);
	st = atomic_load_explicit(&h->state, memory_order_relaxed);
	if (st == 0) {
		st = load(h, h->path) ? 1 : 2;
		atomic_store_explicit(&h->state, st, memory_order_release);
	}
	pthread_mutex_unlock(&h->lock);
	return st == 1;
}


void
hyph_close(struct hyph *h)
{
	if (h == NULL)
		return;
	index_free(h->index);
	cache_free(h->cache);
	pthread_mutex_destroy(&h->lock);
	free(h->path);
	free(h);
}

const char *
hyph_default_path(void)
{
	return access(DEFAULT_PATH, R_OK) == 0 ? DEFAULT_PATH : NULL;
}

/* Non-letters above Latin-1 that may surround a word: quotes, dashes, symbols, emoji. */
static const struct {
	uint32_t lo, hi;
} punct_ranges[] = {
    {0x2000, 0x2BFF},   /* general punctuation (German quotes, dashes), arrows, math */
    {0x3000, 0x303F},   /* CJK punctuation */
    {0xFE30, 0xFE4F},   /* CJK compatibility forms */
    {0xFF01, 0xFF0F},   /* fullwidth ! to / */
    {0xFF1A, 0xFF20},   /* fullwidth : to @ */
    {0xFF3B, 0xFF40},   /* fullwidth [ to ` */
    {0xFF5B, 0xFF65},   /* fullwidth { to halfwidth katakana middle dot */
    {0x1F000, 0x1FAFF}, /* emoji and pictographs */
};

/*
 * Whether cp counts as a letter of a word. Exact for Latin-1; above it everything but
 * the punctuation ranges counts, which only matters for a UTF-8 dictionary (with a
 * Latin-1 one such a character ends hyphenation of its part anyway).
 */
static bool
is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	if (cp < 0x100)
		return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7;
	for (size_t i = 0; i < sizeof(punct_ranges) / sizeof(punct_ranges[0]); i++)
		if (cp >= punct_ranges[i].lo && cp <= punct_ranges[i].hi)
			return false;
	return true;
}

static bool
is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

/*
 * Lower case as the patterns are written: ASCII and Latin-1 (the umlauts and the
 * rest), the capital sharp s U+1E9E to the small one, and the typographic apostrophe to
 * the ASCII one that the dictionary's NOHYPHEN list knows. Other scripts stay as they are.
 */
static uint32_t
fold(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
		return cp + 0x20;
	if (cp == 0x1E9E)
		return 0xDF;
	if (cp == 0x2019)
		return '\'';
	return cp;
}

/* The words hyph_word leaves alone: numbers, e-mail and web addresses, paths, dates. */
static bool
is_unbreakable(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((w[i] >= '0' && w[i] <= '9') || w[i] == '@' || w[i] == '/')
			return true;
	return false;
}

/*
 * Hyphenates the part w[s..e) of the word w (a part lies between explicit hyphens) and
 * appends its breaks, as byte offsets into w, to at[n..max). Returns the new count.
 */
static size_t
hyph_part(const struct hyph *h, const char *w, size_t s, size_t e, size_t left, size_t right,
          size_t *at, size_t n, size_t max)
{
	uint32_t cps[WORD_MAX];
	size_t offs[WORD_MAX + 1]; /* byte offset in w of each character, and of the end */
	size_t nc = 0;

	const char *p = w + s, *end = w + e;
	while (p < end) {
		offs[nc] = (size_t)(p - w);
		cps[nc++] = utf8_next(&p, end);
	}
	offs[nc] = e;

	/* Leading and trailing punctuation (quotes, commas, brackets) is not hyphenated. */
	size_t i0 = 0, i1 = nc;
	while (i0 < i1 && !is_letter(cps[i0]))
		i0++;
	while (i1 > i0 && !is_letter(cps[i1 - 1]))
		i1--;
	size_t m = i1 - i0; /* characters of the core that goes to libhyphen */

	/* libhyphen never breaks closer than 2 characters to either end. */
	size_t lmin = left > 2 ? left : 2, rmin = right > 2 ? right : 2;
	if (m < lmin + rmin)
		return n;

	char word[WORD_MAX + 1];
	size_t wlen = 0;
	for (size_t i = i0; i < i1; i++) {
		/* Inner punctuation ("z.B", "Umsatz&Co") or a soft hyphen: leave the part. */
		if (!is_letter(cps[i]) && !is_apostrophe(cps[i]))
			return n;
		uint32_t c = fold(cps[i]);
		if (h->utf8) {
			/* Folding never lengthens a character, so this stays within w's length. */
			wlen += utf8_encode(word + wlen, c);
		} else {
			if (c > 0xFF)
				return n; /* a Latin-1 dictionary cannot spell it */
			word[wlen++] = (char)c;
		}
	}
	/* libhyphen calls strstr and strlen on the word: it must end in a NUL. */
	word[wlen] = '\0';

	char hyphens[WORD_MAX + 5]; /* libhyphen writes up to word_size + 5 bytes */
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	/*
	 * The 2s are libhyphen's own minimums (plain and at compound boundaries); the
	 * caller's left and right are applied below, in characters. Afterwards hyphens[] holds
	 * one digit per character (libhyphen maps UTF-8 back to characters itself): odd means
	 * a break after that character. NOHYPHEN (apostrophes) may leave NULs, which are even.
	 */
	HyphenDict *dict = word_dict(h->index, word, wlen);
	if (dict == NULL)
		return n;
	int bad = hnj_hyphen_hyphenate3(dict, word, (int)wlen, hyphens, NULL, &rep, &pos, &cut,
	                                2, 2, 2, 2);
	if (bad == 0) {
		for (size_t k = 0; k + 1 < m && n < max; k++) {
			size_t before = k + 1; /* characters of the core before this break */
			if (!(hyphens[k] & 1))
				continue;
			/*
			 * A non-standard break (Schiffahrt -> Schiff-fahrt) changes the
			 * letters, which a byte offset cannot say: skip it. hyphen-de has none.
			 */
			if (rep != NULL && rep[k] != NULL)
				continue;
			if (before < lmin || m - before < rmin)
				continue;
			at[n++] = offs[i0 + before];
		}
	}
	if (rep != NULL) {
		/* rep has one slot per byte of the word, whatever the encoding. */
		for (size_t k = 0; k < wlen; k++)
			free(rep[k]);
		free(rep);
	}
	free(pos);
	free(cut);
	hnj_hyphen_free(dict);
	return n;
}

/* hyph_word without the cache: all breaks of w, into at[0..max). */
static size_t
word_breaks(const struct hyph *h, const char *w, size_t len, size_t left, size_t right,
            size_t *at, size_t max)
{
	size_t n = 0, part = 0;
	const char *p = w, *end = w + len;
	while (p < end && n < max) {
		const char *q = p;
		uint32_t cp = utf8_next(&q, end);
		if (cp == '-' || cp == 0x2010) {
			n = hyph_part(h, w, part, (size_t)(p - w), left, right, at, n, max);
			part = (size_t)(q - w);
		}
		p = q;
	}
	if (n < max)
		n = hyph_part(h, w, part, len, left, right, at, n, max);
	return n;
}

size_t
hyph_word(const struct hyph *h, const char *w, size_t len, size_t left, size_t right, size_t *at,
          size_t max)
{
	if (h == NULL || w == NULL || len == 0 || len > WORD_MAX || max == 0)
		return 0;
	/* Every break keeps two characters on each side at least: no room in three bytes. */
	if (len < 4)
		return 0;
	if (!ready(h))
		return 0;
	/* Invalid UTF-8 or a NUL would mislead both the decoder and libhyphen. */
	if (is_unbreakable(w, len) || !utf8_valid(w, len, NULL))
		return 0;

	/*
	 * The breaks of a word do not depend on max: a smaller max keeps the first ones.
	 * So the cache holds all of them and each caller takes what fits.
	 */
	struct cache *c = h->cache;
	bool cacheable = len <= CACHE_WORD && left <= UINT8_MAX && right <= UINT8_MAX;
	uint64_t hash = 0;
	struct cset *set = NULL;
	struct cshard *lk = NULL;
	if (cacheable) {
		hash = cache_hash(w, len, left, right);
		size_t si = (size_t)(hash >> 32) & (CACHE_SETS - 1);
		set = &c->sets[si];
		lk = &c->locks[si & (CACHE_LOCKS - 1)];
		pthread_mutex_lock(&lk->mu);
		const struct centry *e = cache_find(set, hash, w, len, left, right);
		size_t n = 0;
		if (e != NULL) {
			for (n = 0; n < e->n && n < max; n++)
				at[n] = e->at[n];
			lk->hits++;
		} else {
			lk->misses++;
		}
		pthread_mutex_unlock(&lk->mu);
		if (e != NULL)
			return n;
	}

	size_t all[WORD_MAX];
	size_t n = word_breaks(h, w, len, left, right, all, WORD_MAX);
	if (cacheable && n <= CACHE_AT) {
		pthread_mutex_lock(&lk->mu);
		/* Another thread may have put it in meanwhile. */
		if (cache_find(set, hash, w, len, left, right) == NULL) {
			uint8_t *next = &c->next[set - c->sets];
			struct centry *e = &set->e[*next];
			*next = (uint8_t)((*next + 1) % CACHE_WAYS);
			e->hash = hash;
			e->len = (uint8_t)len;
			e->left = (uint8_t)left;
			e->right = (uint8_t)right;
			e->n = (uint8_t)n;
			memcpy(e->word, w, len);
			for (size_t i = 0; i < n; i++)
				e->at[i] = (uint8_t)all[i];
		}
		pthread_mutex_unlock(&lk->mu);
	}
	if (n > max)
		n = max;
	memcpy(at, all, n * sizeof(*at));
	return n;
}

void
hyph_stats(const struct hyph *h, size_t *hits, size_t *misses)
{
	*hits = *misses = 0;
	if (h == NULL)
		return;
	struct cache *c = h->cache;
	for (size_t i = 0; i < CACHE_LOCKS; i++) {
		pthread_mutex_lock(&c->locks[i].mu);
		*hits += c->locks[i].hits;
		*misses += c->locks[i].misses;
		pthread_mutex_unlock(&c->locks[i].mu);
	}
}
