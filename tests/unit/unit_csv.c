/* SPDX-License-Identifier: MIT */
/* Unit tests for out_csv.c: cells as German Excel reads them, and a table with made rows. */
#include <stdlib.h>
#include <unistd.h>

#include "out_csv.h"
#include "unit.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MINUS "\xE2\x88\x92"

static const struct {
	const char *in, *want;
} cells[] = {
    {"", ""},
    {"US-CA-014", "US-CA-014"},
    {"1250000,50", "1250000,50"},
    {"-7,95", "-7,95"},
    {MINUS "7,95", "-7,95"},
    {MINUS "12", "-12"},
    /* A minus sign before anything but a number stays what it was. */
    {MINUS "x", MINUS "x"},
    {MINUS, MINUS},
    {"+0,25", "+0,25"},
    {"Müller; Söhne", "\"Müller; Söhne\""},
    {"Der \"Beste\"", "\"Der \"\"Beste\"\"\""},
    {"zwei\nZeilen", "\"zwei\nZeilen\""},
    {"a\rb", "\"a\rb\""},
    {" vorn", "\" vorn\""},
    {"hinten ", "\"hinten \""},
    {"mitten drin", "mitten drin"},
    /* What a spreadsheet would run as a formula stays text. */
    {"=HYPERLINK(\"http://x.example\")", "\"'=HYPERLINK(\"\"http://x.example\"\")\""},
    {"=1+2", "'=1+2"},
    {"+49 30 1234", "'+49 30 1234"},
    {"-Tech GmbH", "'-Tech GmbH"},
    {"@SUM(A1)", "'@SUM(A1)"},
    {"\tTab", "'\tTab"},
    {"-", "'-"},
    {"-,5", "'-,5"},
    {"1,", "1,"},
    {"A", "A"},
};

static void
test_cells(void)
{
	for (size_t i = 0; i < COUNT(cells); i++) {
		struct sbuf b = {0};
		sbuf_adds(&b, "");
		out_csv_cell(&b, cells[i].in, strlen(cells[i].in));
		CHECK_STR(b.s, cells[i].want);
		sbuf_free(&b);
	}
}

/* A cell of one span, or of the given spans. */
static struct para
cell(struct arena *a, const char *text)
{
	struct para p = {0};
	p.spans = arena_alloc(a, sizeof(*p.spans));
	p.spans[0].text = arena_strdup(a, text);
	p.nspans = 1;
	return p;
}

static struct trow
row(struct arena *a, const char *c1, const char *c2)
{
	struct trow r = {0};
	r.cells = arena_alloc(a, 2 * sizeof(*r.cells));
	r.cells[0] = cell(a, c1);
	r.cells[1] = cell(a, c2);
	r.ncells = 2;
	return r;
}

static void
make(const void *ctx, size_t i, struct arena *a, struct trow *out)
{
	(void)ctx;
	*out = row(a, arena_printf(a, "%zu", i + 1), i == 1 ? "=2" : "x");
}

static void
test_table(void)
{
	struct arena *a = arena_new();
	/* A head row, three made rows, then one stored row after them. */
	struct block t = {.kind = BLOCK_TABLE};
	t.rows = arena_alloc(a, 2 * sizeof(*t.rows));
	t.rows[0] = row(a, "Platz", "Partner");
	t.rows[0].head = true;
	t.rows[1] = row(a, "Summe", "7");
	/* A page number in a cell is no text of the table. */
	t.rows[1].cells[1].spans[0].field = SPAN_PAGE;
	t.nrows = 2;
	struct row_maker m = {3, 1, make, NULL};
	t.made = &m;
	struct block keep = {.kind = BLOCK_KEEP, .child = &t};
	struct block para = {.kind = BLOCK_PARA, .next = &keep};
	CHECK(out_csv_find_table(&para) == &t);
	CHECK(out_csv_find_table(&(struct block){.kind = BLOCK_PARA}) == NULL);

	char path[] = "/tmp/unit_csv.XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(out_csv_write(fd, &t) == 0);
	close(fd);
	FILE *f = fopen(path, "rb");
	char got[256] = {0};
	size_t n = f ? fread(got, 1, sizeof(got) - 1, f) : 0;
	if (f)
		fclose(f);
	unlink(path);
	got[n] = '\0';
	CHECK_STR(got, "\xEF\xBB\xBFPlatz;Partner\r\n1;x\r\n2;'=2\r\n3;x\r\nSumme;\r\n");
	/* A file that cannot be written says so. */
	CHECK(out_csv_write(-1, &t) == -1);
	arena_free(a);
}

int
main(void)
{
	test_cells();
	test_table();
	return UNIT_DONE();
}
