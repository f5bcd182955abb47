/* SPDX-License-Identifier: MIT */
/* Hyphenation: libhyphen with a language's patterns (hyphen-de, hyphen-en-us); the only file that sees hyphen.h. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <hyphen.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "hash.h"
#include "hyph.h"
#include "hyph_pre.h"
#include "mem.h"
#include "msg.h"
#include "utf8.h"

#define DEFAULT_PATH "/usr/share/hyphen/hyph_de_DE.dic"

/*
 * The longest word (all of w, in bytes) that gets break points. The buffers for the
 * word itself live on the stack with this bound; its small automaton (word_dicts) and
 * libhyphen's scratch are allocated per word. No German word in a report comes near it.
 */
#define WORD_MAX 256

struct hyph {
	/*
	 * Read-only after loading, libhyphen's part of it (index->tmpl) too:
	 * hnj_hyphen_hyphenate3 takes a non-const pointer, but libhyphen 2.8.8 only reads
	 * a dictionary while hyphenating (states, matches, NOHYPHEN list); its scratch
	 * buffers are allocated per call and it keeps no static state, so threads may
	 * share one index without a lock.
	 */
	struct index *index; /* the patterns by their letters */
	bool utf8;           /* patterns in UTF-8; otherwise ISO-8859-1, one byte per character */
	/*
	 * A lazy handle loads on the first word that needs it (many runs never
	 * hyphenate): state goes 0 -> 1 (loaded) or 2 (failed) once, under lock, and is
	 * read with acquire ordering before index is used.
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
	uint64_t h = hash_mem(HASH_SEED, w, len);
	h = hash_byte(h, (unsigned char)left);
	h = hash_byte(h, (unsigned char)right);
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

/*
 * Reads all of path into *data (caller frees, NUL-terminated) and its length into
 * *size, in one read for a regular file.
 */
static bool
read_all(const char *path, char **data, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	int e = 0;
	if (fd < 0 || fstat(fd, &st) != 0) {
		e = errno;
	} else if (st.st_size > (off_t)(UINT32_MAX / 2)) {
		e = EFBIG; /* the index keeps offsets in 32 bits */
	} else {
		size_t cap = (size_t)st.st_size + 1, len = 0;
		char *buf = xmalloc(cap + 9);
		for (;;) {
			if (len == cap) { /* a pipe, or a file that grew */
				if (cap > UINT32_MAX / 4) {
					e = EFBIG;
					break;
				}
				cap *= 2;
				buf = xrealloc(buf, cap + 9);
			}
			ssize_t n = read(fd, buf + len, cap - len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				e = errno;
			if (n <= 0)
				break;
			len += (size_t)n;
		}
		if (e == 0) {
			/* A NUL, and slack for reading 8 bytes at a time. */
			memset(buf + len, 0, 9);
			*data = buf;
			*size = len;
		} else {
			free(buf);
		}
	}
	if (fd >= 0)
		close(fd);
	if (e != 0) {
		msg_at(MSG_ERROR, path, 0, 0, "cannot read the hyphenation patterns: %s",
		       strerror(e));
		return false;
	}
	return true;
}

/* libhyphen 2.8.8 reads lines into a buffer of 100 bytes (MAX_CHARS in hyphen.c). */
#define LIB_LINE 100

/*
 * Loading all of hyphen-de into libhyphen takes about 1.3 s (278,832 states in a
 * hash of 31,627 slots). But a word only ever walks through the automaton's states
 * that are pieces of it. So for each word hyph.c builds libhyphen's structs (public in
 * hyphen.h) for a small automaton: the states of the whole one that are pieces of the
 * word, with their patterns, transitions and fallbacks as the whole one has them, so
 * that the small automaton walks and falls back exactly as the whole one would.
 * libhyphen applies only the match of the state it stands in, not of its suffixes, so
 * leaving those states out would change results. tests/unit/unit_hyph_equiv.c checks
 * the breaks against the whole dictionary for all of hyphen-de's own words.
 *
 * The index that finds those states: per level, the patterns sorted by their letters
 * (their key: with the word-boundary dots, without the digits), one per key. Every
 * state is a prefix of a key, so the keys that begin with a piece of a word are one
 * run of the sorted array, and each further letter narrows the run by binary search.
 * Building it reads the file once, copies the keys and sorts them by radix; the lines
 * stay where they are and a pattern's digits are read only when a word needs them.
 */
struct pat {
	/*
	 * The key's first 8 bytes, big-endian, zero after its end: most comparisons,
	 * in the sort and in a word's walk, need no look at the keys themselves.
	 */
	uint64_t pre;
	uint32_t key;  /* offset in the index's keys, NUL-terminated */
	uint32_t line; /* offset of its line in the index's text */
};

/* One level of the dictionary (before NEXTLEVEL, and after it). */
struct level {
	struct pat *pats; /* sorted by key, bytes unsigned; one per key, the file's last */
	size_t npats;
	uint32_t first[257]; /* pats[first[c]..first[c + 1]) are the keys that begin with c */
};

struct index {
	char *text; /* the file, NUL-terminated */
	size_t size;
	char *keys;       /* every pattern's key, NUL-terminated */
	size_t nkeys;     /* bytes of keys used */
	struct pat *pats; /* both levels' */
	struct level lv[2];
	int nlevels; /* 2 when the file has NEXTLEVEL */
	/*
	 * libhyphen's own load of the keyword lines alone (LEFTHYPHENMIN, NOHYPHEN and the
	 * others, and NEXTLEVEL): the settings of each level, and the default first level
	 * libhyphen adds to a file without NEXTLEVEL, with its patterns. Read-only.
	 */
	HyphenDict *tmpl;
	struct sbuf head; /* those keyword lines, after the character set's */
	/*
	 * Built at build time (hyph_pre.h): pats and keys point into the program's
	 * read-only data, text into the file mapped read-only (size bytes); else all
	 * three are malloc'ed.
	 */
	bool prebuilt;
};

/* The length of the line at p as libhyphen reads it: at most LIB_LINE - 1 bytes. */
static size_t
lib_line(const char *p, const char *end)
{
	size_t n = (size_t)(end - p) < LIB_LINE - 1 ? (size_t)(end - p) : LIB_LINE - 1;
	const char *nl = memchr(p, '\n', n);
	return nl != NULL ? (size_t)(nl - p) + 1 : n;
}

static bool
starts(const char *p, size_t n, const char *word)
{
	size_t k = strlen(word);
	return n >= k && memcmp(p, word, k) == 0;
}

/* The keyword lines that hnj_hyphen_load_line takes as settings, not patterns. */
static bool
is_keyword(const char *p, size_t n)
{
	return starts(p, n, "LEFTHYPHENMIN") || starts(p, n, "RIGHTHYPHENMIN") ||
	       starts(p, n, "COMPOUNDLEFTHYPHENMIN") || starts(p, n, "COMPOUNDRIGHTHYPHENMIN") ||
	       starts(p, n, "NOHYPHEN");
}

/* The bytes of s up to its NUL, at most 8, big-endian and zero-padded. */
static uint64_t
load8(const char *s)
{
	uint64_t v = 0;
	for (int i = 0; i < 8 && s[i] != '\0'; i++)
		v |= (uint64_t)(unsigned char)s[i] << (56 - 8 * i);
	return v;
}

/* The byte at depth d of a key whose bytes from base on are in pre. */
static unsigned
byte_at(const struct pat *p, const char *keys, size_t d, size_t base, uint64_t pre)
{
	return d - base < 8 ? (unsigned)(pre >> (56 - 8 * (d - base))) & 0xFF
	                    : (unsigned char)keys[p->key + d];
}

/*
 * Orders two keys that share their first d bytes, with bytes base..base+8 in their
 * pre: negative, 0 or positive like strcmp.
 */
static int
cmp_from(const struct pat *a, const struct pat *b, const char *keys, size_t d, size_t base)
{
	if (d - base < 8) {
		uint64_t x = a->pre << 8 * (d - base), y = b->pre << 8 * (d - base);
		if (x != y)
			return x < y ? -1 : 1;
		if ((a->pre & 0xFF) == 0) /* both ended within pre */
			return 0;
		d = base + 8;
	}
	return strcmp(keys + a->key + d, keys + b->key + d);
}

/*
 * Below this many entries sort_pats sorts by insertion: the file is nearly sorted,
 * so that costs little more than a pass, and less than counting and moving.
 */
#define SORT_SMALL 128

/*
 * Sorts p[0..n) by key from byte d on, which all of them share before d; their pre
 * holds bytes base..base+8 (d - base <= 8). Most significant byte first, and stable,
 * so that equal keys keep the file's order. Afterwards pre holds their first 8 bytes
 * again, if the sort had to move it further.
 */
static void
sort_pats(struct pat *p, struct pat *tmp, size_t n, size_t d, size_t base, const char *keys)
{
	size_t all = n;
	bool refilled = false;
	while (n >= SORT_SMALL) {
		if (d - base == 8) { /* all of pre used: the next 8 bytes */
			for (size_t i = 0; i < n; i++)
				p[i].pre = load8(keys + p[i].key + d);
			base = d;
			refilled = true;
		}
		/* Bytes all of them share (a long common prefix) need no counting. */
		uint64_t diff = 0;
		for (size_t i = 1; i < n; i++)
			diff |= p[i].pre ^ p[0].pre;
		diff <<= 8 * (d - base);
		if (diff == 0) {
			if ((p[0].pre & 0xFF) == 0)
				break; /* all the same key */
			d = base + 8;
			continue;
		}
		d += (size_t)__builtin_clzll(diff) / 8;
		/*
		 * Counting sort on the byte at d. The file is nearly sorted already, so
		 * entries come in runs of one byte: counted and moved a run at a time, and
		 * not moved at all when the runs are in order.
		 */
		unsigned shift = (unsigned)(56 - 8 * (d - base));
		uint32_t count[256] = {0};
		unsigned lo = 255, hi = 0; /* the bytes that occur */
		bool sorted = true;
		for (size_t i = 0, j; i < n; i = j) {
			unsigned c = (unsigned)(p[i].pre >> shift) & 0xFF;
			for (j = i + 1; j < n && ((p[j].pre >> shift) & 0xFF) == c; j++)
				;
			sorted = sorted && (i == 0 || c > ((p[i - 1].pre >> shift) & 0xFF));
			count[c] += (uint32_t)(j - i);
			lo = c < lo ? c : lo;
			hi = c > hi ? c : hi;
		}
		if (!sorted) {
			uint32_t at[256];
			uint32_t sum = 0;
			for (unsigned c = lo; c <= hi; c++) {
				at[c] = sum;
				sum += count[c];
			}
			for (size_t i = 0, j; i < n; i = j) {
				unsigned c = (unsigned)(p[i].pre >> shift) & 0xFF;
				for (j = i + 1; j < n && ((p[j].pre >> shift) & 0xFF) == c; j++)
					;
				memcpy(tmp + at[c], p + i, (j - i) * sizeof(*p));
				at[c] += (uint32_t)(j - i);
			}
			memcpy(p, tmp, n * sizeof(*p));
		}
		/* Bucket 0 holds the keys that end here: equal, already in order. */
		for (unsigned c = lo > 0 ? lo : 1, start = count[0]; c <= hi;
		     start += count[c], c++)
			if (count[c] > 1)
				sort_pats(p + start, tmp, count[c], d + 1, base, keys);
		n = 0;
	}
	for (size_t i = 1; i < n; i++) {
		struct pat x = p[i];
		size_t j = i;
		while (j > 0 && cmp_from(&p[j - 1], &x, keys, d, base) > 0) {
			p[j] = p[j - 1];
			j--;
		}
		p[j] = x;
	}
	if (refilled)
		for (size_t i = 0; i < all; i++)
			p[i].pre = load8(keys + p[i].key);
}

/* Sorts a level's patterns, keeps the file's last of each key, and finds the runs. */
static void
level_index(struct level *v, struct pat *tmp, const char *keys)
{
	sort_pats(v->pats, tmp, v->npats, 0, 0, keys);
	/*
	 * Two lines with the same letters are the same pattern, and libhyphen keeps the
	 * last (it also leaks the other). The sort kept their order: keep the last one.
	 */
	size_t m = 0;
	for (size_t i = 0; i < v->npats; i++)
		if (i + 1 == v->npats || cmp_from(&v->pats[i], &v->pats[i + 1], keys, 0, 0) != 0)
			v->pats[m++] = v->pats[i];
	v->npats = m;
	size_t i = 0;
	for (unsigned c = 0; c < 256; c++) {
		v->first[c] = (uint32_t)i;
		while (i < m && v->pats[i].pre >> 56 == c)
			i++;
	}
	v->first[256] = (uint32_t)m;
}

/*
 * Copies the key of the pattern line at p (of at most lim bytes) into key, as
 * hnj_hyphen_load_line reads it: the bytes up to the first space, control character
 * or '/' (what follows a '/' says how to change the word at a break), digits left
 * out. Sets *klen to the key's length and returns where it stopped. Looks for the
 * end 8 bytes at a time (the text has 8 bytes of slack after its end).
 */
static size_t
copy_key(const char *p, size_t lim, char *key, size_t *klen)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t i = 0, k = 0;
	for (;;) {
		uint64_t w;
		memcpy(&w, p + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w); /* the first byte lowest */
#endif
		/*
		 * Flags bytes below '!' and bytes equal to '/'; the lowest flag is exact
		 * (borrows only run upwards), and the lowest is all the loop needs.
		 */
		uint64_t s = w ^ ones * '/';
		uint64_t stop = ((w - ones * '!') & ~w & highs) | ((s - ones) & ~s & highs);
		size_t m = stop != 0 ? (size_t)__builtin_ctzll(stop) / 8 : 8;
		if (m > lim - i)
			m = lim - i;
		/* Bytes '0' to '9' (exact for every byte). */
		uint64_t low = w & ones * 0x7F;
		uint64_t digits =
		    (ones * (127 + '9' + 1) - low) & ~w & (low + ones * (127 - ('0' - 1))) & highs;
		if (m < 8) /* only the bytes before the end */
			digits &= m > 0 ? highs >> (8 * (8 - m)) : 0;
		if (digits == 0) {
			memcpy(key + k, p + i, 8); /* the key buffer has slack too */
			k += m;
		} else {
			for (size_t j = 0; j < m; j++) {
				unsigned char b = (unsigned char)p[i + j];
				key[k] = (char)b;
				k += !(b >= '0' && b <= '9');
			}
		}
		i += m;
		if (m < 8 || i == lim)
			break;
	}
	*klen = k;
	return i;
}

/* What load8 gives for a key of k > 0 bytes that has 8 bytes readable. */
static uint64_t
key_pre(const char *key, size_t k)
{
	uint64_t w;
	memcpy(&w, key, 8);
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return k >= 8 ? w : w & ~(~(uint64_t)0 >> (8 * k));
}

static void
index_free(struct index *x)
{
	if (x == NULL)
		return;
	if (x->tmpl != NULL)
		hnj_hyphen_free(x->tmpl);
	sbuf_free(&x->head);
	if (x->prebuilt) {
		munmap(x->text, x->size);
	} else {
		free(x->pats);
		free(x->keys);
		free(x->text);
	}
	free(x);
}

/* libhyphen's load of x's keyword lines (x->head) into x->tmpl; false when it fails. */
static bool
index_settings(struct index *x)
{
	FILE *f = fmemopen(x->head.s, x->head.len, "r");
	if (f != NULL) {
		x->tmpl = hnj_hyphen_load_file(f);
		fclose(f);
	}
	return x->tmpl != NULL && x->tmpl->nextlevel != NULL;
}

/*
 * Indexes the patterns of text (all of the file, which the index takes over), whose
 * first line named the character set cset. NULL when libhyphen cannot load even the
 * keyword lines.
 */
static struct index *
index_build(char *text, size_t size, const char *cset)
{
	struct index *x = xcalloc(1, sizeof(*x));
	x->text = text;
	x->size = size;
	/*
	 * A key has at most the bytes of its line and a NUL, and a line at most 99
	 * bytes; 8 bytes of slack let key_pre read past the last key.
	 */
	x->keys = xcalloc(size + size / (LIB_LINE - 1) + 2 + 8, 1);
	size_t cap = size / 16 + 16;
	x->pats = xmalloc(cap * sizeof(*x->pats));

	size_t kused = 0, npats = 0, level_start = 0;
	struct sbuf head = {0}; /* the keyword lines, for libhyphen */
	sbuf_adds(&head, cset);
	sbuf_addc(&head, '\n');
	x->nlevels = 1;
	const char *end = text + size, *p = memchr(text, '\n', size);
	p = p != NULL ? p + 1 : end; /* after the character set */
	for (size_t n; p < end; p += n) {
		unsigned char c = (unsigned char)p[0];
		if (c == '%' || (c >= 'A' && c <= 'Z'))
			n = lib_line(p, end);
		if (c >= 'A' && c <= 'Z') {
			if (starts(p, n, "NEXTLEVEL")) {
				if (x->nlevels == 2)
					break; /* libhyphen reads no further */
				level_start = npats;
				x->nlevels = 2;
				sbuf_adds(&head, "NEXTLEVEL\n");
				continue;
			}
			if (is_keyword(p, n)) {
				sbuf_add(&head, p, n);
				continue;
			}
		}
		if (c == '%')
			continue;
		/*
		 * A pattern: its letters up to the first space, control character or '/'
		 * (what follows a '/' says how to change the word at a break), digits left
		 * out, as hnj_hyphen_load_line reads them.
		 */
		char *key = x->keys + kused;
		size_t k, lim = (size_t)(end - p) < LIB_LINE - 1 ? (size_t)(end - p) : LIB_LINE - 1;
		size_t i = copy_key(p, lim, key, &k);
		/* Most lines end right after the key. */
		n = i < lim && p[i] == '\n' ? i + 1 : lib_line(p, end);
		/* A pattern without letters is the empty state's, which libhyphen never applies. */
		if (k == 0)
			continue;
		key[k] = '\0';
		if (npats == cap) {
			cap *= 2;
			x->pats = xrealloc(x->pats, cap * sizeof(*x->pats));
		}
		x->pats[npats++] =
		    (struct pat){key_pre(key, k), (uint32_t)kused, (uint32_t)(p - text)};
		kused += k + 1;
	}
	/* Without NEXTLEVEL all patterns are the first level. */
	if (x->nlevels == 1)
		level_start = npats;
	x->lv[0].pats = x->pats;
	x->lv[0].npats = level_start;
	x->lv[1].pats = x->pats + level_start;
	x->lv[1].npats = npats - level_start;
	struct pat *tmp = xmalloc((npats ? npats : 1) * sizeof(*tmp));
	for (int l = 0; l < x->nlevels; l++)
		level_index(&x->lv[l], tmp, x->keys);
	free(tmp);
	x->nkeys = kused;
	x->head = head;
	if (!index_settings(x)) {
		index_free(x);
		return NULL;
	}
	return x;
}

/*
 * The patterns of v a word can meet: a folded word holds lower-case letters,
 * apostrophes and bytes above ASCII, between the dots at its ends.
 */
static size_t
meetable(const struct level *v)
{
	if (v->npats == 0)
		return 0;
	const uint32_t *f = v->first;
	return f['.' + 1] - f['.'] + f['\'' + 1] - f['\''] + f['z' + 1] - f['a'] + f[256] - f[0x80];
}

/*
 * A prebuilt index (hyph_pre.h): this header, then the patterns of level 0 and of
 * level 1 (struct pat), the keys (nkeys bytes and 8 of slack), the keyword lines for
 * libhyphen (nhead bytes and a NUL), each at an offset that is a multiple of 8. In the
 * build machine's byte order: the program is built where it runs.
 */
#define PRE_MAGIC "prhyph1"
struct pre_head {
	char magic[8];
	uint64_t src_size, src_hash; /* of the pattern file it was built from */
	uint32_t nlevels, utf8;
	uint32_t npats[2];
	uint32_t first[2][257];
	uint32_t nkeys, nhead;
	uint64_t off_pats[2], off_keys, off_head;
};

/*
 * Takes the prebuilt index of path, when there is one and path still has the content it
 * was built from: path mapped read-only as the index's text. False otherwise, without a
 * message (load then indexes the file itself, with its messages).
 */
static bool
load_prebuilt(struct hyph *h, const char *path)
{
	const struct hyph_pre *e = NULL;
	for (size_t i = 0; i < hyph_npre && e == NULL; i++)
		if (strcmp(hyph_pre[i].path, path) == 0)
			e = &hyph_pre[i];
	if (e == NULL || e->size < sizeof(struct pre_head))
		return false;
	const struct pre_head *ph = (const struct pre_head *)(const void *)e->data;
	if (memcmp(ph->magic, PRE_MAGIC, sizeof(ph->magic)) != 0)
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return false;
	void *text = MAP_FAILED;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size == ph->src_size)
		text = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (text == MAP_FAILED)
		return false;
	size_t size = (size_t)st.st_size;
	if (cache_file_hash(&st, text, size) != ph->src_hash) {
		munmap(text, size);
		return false;
	}
	struct index *x = xcalloc(1, sizeof(*x));
	x->prebuilt = true;
	x->text = text;
	x->size = size;
	x->nlevels = (int)ph->nlevels;
	x->keys = (char *)(e->data + ph->off_keys); /* read-only, as is all of an index */
	x->nkeys = ph->nkeys;
	x->pats = (struct pat *)(e->data + ph->off_pats[0]);
	for (int l = 0; l < 2; l++) {
		x->lv[l].pats = (struct pat *)(e->data + ph->off_pats[l]);
		x->lv[l].npats = ph->npats[l];
		memcpy(x->lv[l].first, ph->first[l], sizeof(x->lv[l].first));
	}
	sbuf_add(&x->head, (const char *)e->data + ph->off_head, ph->nhead);
	if (!index_settings(x)) {
		index_free(x);
		return false;
	}
	h->index = x;
	h->utf8 = ph->utf8 != 0;
	return true;
}

/*
 * Reads and indexes the patterns at path, checking them as libhyphen would: x and its
 * character set's utf8; NULL after a message. Takes *data (read_all's, size bytes).
 */
static struct index *
index_file(const char *path, char *data, size_t size, bool *utf8_out)
{
	if (size == 0) {
		free(data);
		msg_at(MSG_ERROR, path, 0, 0, "the hyphenation patterns file is empty");
		return NULL;
	}

	/*
	 * The first line names the character set. libhyphen compares it with "UTF-8"
	 * exactly and takes anything else for an 8-bit set; only ISO-8859-1 is known here.
	 */
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
		return NULL;
	}

	struct index *x = index_build(data, size, cset);
	if (x == NULL) {
		msg_at(MSG_ERROR, path, 0, 0, "libhyphen cannot load the hyphenation settings");
		return NULL;
	}
	if (meetable(&x->lv[0]) + meetable(&x->lv[1]) == 0) {
		index_free(x);
		msg_at(MSG_ERROR, path, 0, 0, "the file holds no hyphenation patterns");
		return NULL;
	}
	*utf8_out = utf8;
	return x;
}

/* Loads the patterns at path into h's index and utf8; false after a message. */
static bool
load(struct hyph *h, const char *path)
{
	if (load_prebuilt(h, path))
		return true;
	char *data = NULL;
	size_t size = 0;
	if (!read_all(path, &data, &size))
		return false;
	bool utf8 = false;
	struct index *x = index_file(path, data, size, &utf8);
	if (x == NULL)
		return false;
	h->index = x;
	h->utf8 = utf8;
	return true;
}

#ifdef PR_HYPH_GEN
/* Writes n bytes of p to out, then zeros up to a multiple of 8; *off counts. */
static void
put(FILE *out, const void *p, size_t n, uint64_t *off)
{
	static const char zeros[8];
	fwrite(p, 1, n, out);
	*off += n;
	size_t pad = (8 - *off % 8) % 8;
	fwrite(zeros, 1, pad, out);
	*off += pad;
}

int
hyph_prebuild(const char *path, FILE *out)
{
	char *data = NULL;
	size_t size = 0;
	if (!read_all(path, &data, &size))
		return -1;
	uint64_t hash = hash_content((const unsigned char *)data, size);
	bool utf8 = false;
	struct index *x = index_file(path, data, size, &utf8);
	if (x == NULL)
		return -1;
	struct pre_head ph;
	memset(&ph, 0, sizeof(ph));
	memcpy(ph.magic, PRE_MAGIC, sizeof(ph.magic));
	ph.src_size = size;
	ph.src_hash = hash;
	ph.nlevels = (uint32_t)x->nlevels;
	ph.utf8 = utf8;
	ph.nkeys = (uint32_t)x->nkeys;
	ph.nhead = (uint32_t)x->head.len;
	uint64_t off = sizeof(ph);
	off += (8 - off % 8) % 8;
	for (int l = 0; l < 2; l++) {
		ph.npats[l] = (uint32_t)x->lv[l].npats;
		memcpy(ph.first[l], x->lv[l].first, sizeof(ph.first[l]));
		ph.off_pats[l] = off;
		off += x->lv[l].npats * sizeof(struct pat);
	}
	ph.off_keys = off;
	off += x->nkeys + 8;
	off += (8 - off % 8) % 8;
	ph.off_head = off;
	uint64_t at = 0;
	put(out, &ph, sizeof(ph), &at);
	for (int l = 0; l < 2; l++)
		put(out, x->lv[l].pats, x->lv[l].npats * sizeof(struct pat), &at);
	char *keys = xcalloc(x->nkeys + 8, 1);
	memcpy(keys, x->keys, x->nkeys);
	put(out, keys, x->nkeys + 8, &at);
	free(keys);
	put(out, x->head.s, x->head.len + 1, &at);
	assert(ph.off_pats[0] == sizeof(ph) + (8 - sizeof(ph) % 8) % 8);
	index_free(x);
	return ferror(out) ? -1 : 0;
}
#endif

/* A state a word meets: its letters, and where it hangs in the automaton. */
struct wstate {
	uint32_t str; /* offset of its letters in the level's bytes */
	uint32_t len;
	int parent;            /* index in st, or -1 for the empty state */
	const struct pat *pat; /* the pattern with exactly these letters, or NULL */
};

/* The states of one level that a word meets, built as libhyphen's structs. */
struct wlevel {
	struct wstate *st;
	size_t nst, stcap;
	struct sbuf bytes;
	int32_t *tab;    /* open addressing on the letters: index in st + 1, 0 empty */
	size_t tabsize;  /* a power of two, at most half used */
	HyphenState *hs; /* hs[0] is the empty state, hs[i + 1] is st[i] */
	HyphenTrans *tr;
	struct sbuf pool; /* the states' match and replacement strings */
};

static uint64_t
str_hash(const char *s, size_t n)
{
	uint64_t h = hash_mem(HASH_SEED, s, n);
	return h ^ (h >> 31);
}

/* The state with letters s[0..n), or -1. */
static int
wl_find(const struct wlevel *w, const char *s, size_t n)
{
	if (w->tabsize == 0)
		return -1;
	for (size_t i = str_hash(s, n) & (w->tabsize - 1);; i = (i + 1) & (w->tabsize - 1)) {
		int32_t t = w->tab[i];
		if (t == 0)
			return -1;
		const struct wstate *st = &w->st[t - 1];
		if (st->len == n && memcmp(w->bytes.s + st->str, s, n) == 0)
			return t - 1;
	}
}

static void
wl_put(struct wlevel *w, int idx)
{
	const struct wstate *st = &w->st[idx];
	size_t i = str_hash(w->bytes.s + st->str, st->len) & (w->tabsize - 1);
	while (w->tab[i] != 0)
		i = (i + 1) & (w->tabsize - 1);
	w->tab[i] = idx + 1;
}

/* Adds the state with letters s[0..n) once; returns its index. */
static int
wl_add(struct wlevel *w, const char *s, size_t n, int parent, const struct pat *pat)
{
	int idx = wl_find(w, s, n);
	if (idx >= 0)
		return idx;
	if (2 * (w->nst + 1) > w->tabsize) {
		free(w->tab);
		w->tabsize = w->tabsize ? 2 * w->tabsize : 256;
		w->tab = xcalloc(w->tabsize, sizeof(*w->tab));
		for (size_t i = 0; i < w->nst; i++)
			wl_put(w, (int)i);
	}
	xgrow(&w->st, &w->stcap, w->nst, sizeof(*w->st));
	w->st[w->nst] = (struct wstate){(uint32_t)w->bytes.len, (uint32_t)n, parent, pat};
	sbuf_add(&w->bytes, s, n);
	idx = (int)w->nst++;
	wl_put(w, idx);
	return idx;
}

static void
wl_free(struct wlevel *w)
{
	free(w->st);
	free(w->tab);
	free(w->hs);
	free(w->tr);
	sbuf_free(&w->bytes);
	sbuf_free(&w->pool);
}

/* The byte at depth d of the key of v's pattern i; 0 past its end. */
static unsigned
key_byte(const struct level *v, const char *keys, size_t i, size_t d)
{
	return byte_at(&v->pats[i], keys, d, 0, v->pats[i].pre);
}

/* Whether the key of p has exactly d bytes (it has d at least). */
static bool
key_ends(const struct pat *p, const char *keys, size_t d)
{
	return byte_at(p, keys, d, 0, p->pre) == 0;
}

/*
 * Narrows pats[*lo..*hi), whose keys share their first d bytes, to those whose next
 * byte is c; false when none is left.
 */
static bool
narrow(const struct level *v, const char *keys, size_t *lo, size_t *hi, size_t d, char ch)
{
	unsigned char c = (unsigned char)ch;
	if (d == 0) {
		*lo = v->first[c];
		*hi = v->first[c + 1];
		return *lo < *hi;
	}
	size_t a = *lo, b = *hi;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (key_byte(v, keys, m, d) < c)
			a = m + 1;
		else
			b = m;
	}
	size_t first = a;
	if (first == *hi || key_byte(v, keys, first, d) != c)
		return false;
	/*
	 * The run of c is mostly short: gallop from its start in steps of 1, 2, 4 and
	 * so on, then search the last step. pats[first..a) hold c, pats[b..) more.
	 */
	a = first + 1;
	b = *hi;
	for (size_t step = 1; a < b; step *= 2) {
		size_t probe = step < b - a ? a + step - 1 : b - 1;
		if (key_byte(v, keys, probe, d) != c) {
			b = probe;
			break;
		}
		a = probe + 1;
	}
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (key_byte(v, keys, m, d) <= c)
			a = m + 1;
		else
			b = m;
	}
	*lo = first;
	*hi = a;
	return true;
}

/*
 * Adds the states of v that begin at s (of n bytes, in the dotted word), after an
 * added dot if lead is set; and each of them with an added dot at its end. Inside a
 * compound the next level sees the parts with dots of their own: the variants with a
 * dot at either end cover those. States are closed under prefixes, so the walk stops
 * at the first piece that is none.
 */
static void
walk(const struct index *x, const struct level *v, const char *s, size_t n, bool lead,
     struct wlevel *w)
{
	char buf[WORD_MAX + 4];
	size_t lo = 0, hi = v->npats, d = 0;
	int parent = -1;
	if (lead) {
		if (!narrow(v, x->keys, &lo, &hi, d, '.'))
			return;
		buf[d++] = '.';
		bool pattern = key_ends(&v->pats[lo], x->keys, d);
		parent = wl_add(w, buf, d, parent, pattern ? &v->pats[lo] : NULL);
	}
	for (size_t k = 0; k < n; k++) {
		if (!narrow(v, x->keys, &lo, &hi, d, s[k]))
			return;
		buf[d++] = s[k];
		bool pattern = key_ends(&v->pats[lo], x->keys, d);
		parent = wl_add(w, buf, d, parent, pattern ? &v->pats[lo] : NULL);
		if (s[k] == '.')
			continue;
		/*
		 * The piece with a dot after it. A dot sorts before the letters, so its
		 * run mostly begins at lo or just after (after the key that ends here);
		 * else (an apostrophe sorts before it too) a search finds it. Only the
		 * run's first key matters: the walk does not go on after a dot.
		 */
		size_t dot = lo;
		while (dot < hi && dot < lo + 3 && key_byte(v, x->keys, dot, d) < '.')
			dot++;
		size_t dot_hi = hi;
		if (dot < hi && key_byte(v, x->keys, dot, d) < '.') {
			dot = lo;
			if (!narrow(v, x->keys, &dot, &dot_hi, d, '.'))
				continue;
		} else if (dot == hi || key_byte(v, x->keys, dot, d) != '.') {
			continue;
		}
		buf[d] = '.';
		pattern = key_ends(&v->pats[dot], x->keys, d + 1);
		wl_add(w, buf, d + 1, parent, pattern ? &v->pats[dot] : NULL);
	}
}

/* Removes a trailing line end, as hnj_strchomp does. */
static void
chomp(char *s)
{
	size_t k = strlen(s);
	if (k > 0 && (s[k - 1] == '\r' || s[k - 1] == '\n'))
		s[k - 1] = '\0';
	if (k > 1 && s[k - 2] == '\r')
		s[k - 2] = '\0';
}

/*
 * Fills hs with what hnj_hyphen_load_line makes of the pattern line at p: the match
 * (the digits between the letters, leading zeros dropped) and the replacement of a
 * non-standard break. The strings go into pool, as offsets in match and repl (+1; 0
 * for none) until pool stops growing.
 */
static void
parse_pattern(const char *p, const char *end, bool utf8, HyphenState *hs, struct sbuf *pool,
              size_t *match, size_t *repl_off)
{
	char buf[LIB_LINE];
	size_t n = lib_line(p, end);
	memcpy(buf, p, n);
	buf[n] = '\0';

	char word[LIB_LINE], pattern[LIB_LINE + 1];
	signed char replindex = 0, replcut = 0;
	char *repl = strchr(buf, '/');
	if (repl != NULL) {
		char *index = strchr(repl + 1, ',');
		*repl = '\0';
		if (index != NULL) {
			char *index2 = strchr(index + 1, ',');
			*index = '\0';
			if (index2 != NULL) {
				*index2 = '\0';
				replindex = (signed char)(atoi(index + 1) - 1);
				replcut = (signed char)atoi(index2 + 1);
			}
		} else {
			chomp(repl + 1);
			replcut = (signed char)strlen(buf);
		}
		repl++;
	}
	size_t i, j = 0;
	pattern[0] = '0';
	for (i = 0; (unsigned char)buf[i] > ' '; i++) {
		if (buf[i] >= '0' && buf[i] <= '9') {
			pattern[j] = buf[i];
		} else {
			word[j] = buf[i];
			pattern[++j] = '0';
		}
	}
	word[j] = '\0';
	pattern[j + 1] = '\0';
	i = 0;
	if (repl == NULL) {
		while (pattern[i] == '0')
			i++;
	} else {
		if (word[0] == '.')
			i++;
		/* Character positions of the replacement become byte positions. */
		if (utf8) {
			int pu = -1, ps = -1;
			size_t wl = strlen(word);
			for (size_t pc = word[0] == '.' ? 1 : 0; pc < wl + 1; pc++) {
				if (((unsigned char)word[pc] >> 6) != 2)
					pu++;
				if (ps < 0 && replindex == pu) {
					ps = replindex;
					replindex = (signed char)pc;
				}
				if (ps >= 0 && pu - ps == replcut) {
					replcut = (signed char)(pc - (size_t)replindex);
					break;
				}
			}
			if (word[0] == '.')
				replindex--;
		}
	}
	*match = pool->len;
	sbuf_add(pool, pattern + i, strlen(pattern + i) + 1);
	*repl_off = 0;
	if (repl != NULL) {
		*repl_off = pool->len + 1;
		sbuf_add(pool, repl, strlen(repl) + 1);
	}
	hs->replindex = replindex;
	hs->replcut = replcut != 0 ? replcut : (signed char)strlen(word);
}

/*
 * Builds the small automaton of level v for the dotted word into w, and d's states
 * from it: what the word can meet of the whole level, as libhyphen would have it.
 */
static void
level_dict(const struct index *x, const struct level *v, const char *dotted, size_t dlen, bool utf8,
           struct wlevel *w, HyphenDict *d)
{
	for (size_t i = 0; i < dlen; i++) {
		walk(x, v, dotted + i, dlen - i, false, w);
		if (dotted[i] != '.')
			walk(x, v, dotted + i, dlen - i, true, w);
	}
	size_t ns = w->nst + 1;
	w->hs = xcalloc(ns, sizeof(*w->hs));
	w->tr = xmalloc((w->nst ? w->nst : 1) * sizeof(*w->tr));
	size_t *match = xmalloc(ns * 2 * sizeof(size_t)), *repl = match + ns;

	/* Transitions: each state is its parent's, by its last byte; children side by side. */
	for (size_t i = 0; i < w->nst; i++)
		w->hs[w->st[i].parent + 1].num_trans++;
	size_t used = 0;
	for (size_t s = 0; s < ns; s++) {
		w->hs[s].trans = w->tr + used;
		used += (size_t)w->hs[s].num_trans;
		w->hs[s].num_trans = 0;
	}
	w->hs[0].fallback_state = -1;
	for (size_t i = 0; i < w->nst; i++) {
		const struct wstate *st = &w->st[i];
		const char *s = w->bytes.s + st->str;
		HyphenState *ps = &w->hs[st->parent + 1];
		ps->trans[ps->num_trans++] = (HyphenTrans){s[st->len - 1], (int)i + 1};
		/* The fallback: the longest proper suffix that is a state, or the empty one. */
		HyphenState *hs = &w->hs[i + 1];
		hs->fallback_state = 0;
		for (size_t j = 1; j < st->len; j++) {
			int f = wl_find(w, s + j, st->len - j);
			if (f >= 0) {
				hs->fallback_state = f + 1;
				break;
			}
		}
		match[i + 1] = repl[i + 1] = SIZE_MAX;
		if (st->pat != NULL)
			parse_pattern(x->text + st->pat->line, x->text + x->size, utf8, hs,
			              &w->pool, &match[i + 1], &repl[i + 1]);
	}
	/* The pool has stopped growing: offsets become pointers. */
	for (size_t i = 1; i < ns; i++) {
		if (match[i] == SIZE_MAX)
			continue;
		w->hs[i].match = w->pool.s + match[i];
		w->hs[i].repl = repl[i] != 0 ? w->pool.s + repl[i] - 1 : NULL;
	}
	free(match);
	d->states = w->hs;
	d->num_states = (int)ns;
}

/*
 * libhyphen's dictionaries for word (folded, in the dictionary's encoding): d[0] and its
 * next level d[1], with the settings libhyphen read and the states the word can meet.
 * The caller frees w[0] and w[1] when done with d.
 */
static void
word_dicts(const struct index *x, const char *word, size_t wlen, struct wlevel w[2],
           HyphenDict d[2])
{
	char dotted[WORD_MAX + 3];
	dotted[0] = '.';
	memcpy(dotted + 1, word, wlen);
	dotted[wlen + 1] = '.';
	size_t dlen = wlen + 2;

	d[0] = *x->tmpl;
	d[1] = *x->tmpl->nextlevel;
	d[0].nextlevel = &d[1];
	d[1].nextlevel = NULL;
	/* Without NEXTLEVEL the file's patterns are the second level, after libhyphen's own. */
	int top = x->nlevels == 2 ? 0 : 1;
	for (int l = 0; l < x->nlevels; l++)
		level_dict(x, &x->lv[l], dotted, dlen, d[0].utf8 != 0, &w[l], &d[top + l]);
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
	struct wlevel wl[2] = {{0}, {0}};
	HyphenDict dict[2];
	word_dicts(h->index, word, wlen, wl, dict);
	int bad = hnj_hyphen_hyphenate3(&dict[0], word, (int)wlen, hyphens, NULL, &rep, &pos, &cut,
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
	wl_free(&wl[0]);
	wl_free(&wl[1]);
	return n;
}

/* hyph_word without the cache: all breaks of w, into at[0..max). */
static size_t
word_breaks(const struct hyph *h, const char *w, size_t len, size_t left, size_t right, size_t *at,
            size_t max)
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
