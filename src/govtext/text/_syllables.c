/* The syllable tokens of a lower-cased NFC sentence, piece by whitespace-separated piece, each
 * piece's tokens found once and kept in a bounded table.
 *
 * govtext.text.tokens.syllables does the same in Python (the fallback where this module was
 * not built): split the text on whitespace (str.split's rule, Py_UNICODE_ISSPACE), look each
 * piece up in a table, tokenise a piece not seen yet with the given function (the
 * SYLLABLE_TOKEN regex's findall, so the token rule lives in one place) and concatenate. In
 * Python, most of that time goes into making a str object of every piece to look it up; here a
 * piece is hashed and compared where it lies in the sentence, and only a piece never seen is
 * made into an object. Tokens come back as the table's own objects.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define TABLE_SIZE (1 << 18) /* slots: a power of two, at most LIMIT of them used */
#define LIMIT 100000         /* pieces kept; the table is emptied when full, as in Python */

typedef struct {
    Py_hash_t hash;   /* 0: empty slot */
    PyObject *piece;  /* the piece as a str */
    PyObject *tokens; /* its tokens, a tuple of str */
} Entry;

static Entry *table = NULL;
static Py_ssize_t used = 0;

static void empty_table(void) {
    if (table == NULL) return;
    for (Py_ssize_t i = 0; i < TABLE_SIZE; i++) {
        if (table[i].hash) {
            Py_DECREF(table[i].piece);
            Py_DECREF(table[i].tokens);
            table[i].hash = 0;
        }
    }
    used = 0;
}

/* Whether the piece text[start:start + length] equals the str key. */
static int same_piece(int kind, const void *data, Py_ssize_t start, Py_ssize_t length,
                      PyObject *key) {
    if (PyUnicode_GET_LENGTH(key) != length) return 0;
    int key_kind = PyUnicode_KIND(key);
    const void *key_data = PyUnicode_DATA(key);
    if (key_kind == kind)
        return memcmp((const char *)data + start * kind, key_data, length * kind) == 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        if (PyUnicode_READ(kind, data, start + i) != PyUnicode_READ(key_kind, key_data, i))
            return 0;
    }
    return 1;
}

/* The slot of text[start:end] in the table: the one holding it, or the empty one it goes to. */
static size_t find_slot(int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
                        Py_hash_t hash) {
    size_t mask = TABLE_SIZE - 1, slot = (size_t)hash & mask;
    while (table[slot].hash &&
           !(table[slot].hash == hash &&
             same_piece(kind, data, start, end - start, table[slot].piece)))
        slot = (slot + 1) & mask;
    return slot;
}

/* The tokens of text[start:end] (a new reference to a tuple), from the table or from
   tokenise(piece). */
static PyObject *piece_tokens(PyObject *text, int kind, const void *data, Py_ssize_t start,
                              Py_ssize_t end, Py_hash_t hash, PyObject *tokenise) {
    size_t slot = find_slot(kind, data, start, end, hash);
    if (table[slot].hash) {
        Py_INCREF(table[slot].tokens);
        return table[slot].tokens;
    }
    PyObject *piece = PyUnicode_Substring(text, start, end);
    if (piece == NULL) return NULL;
    PyObject *found = PyObject_CallOneArg(tokenise, piece);
    PyObject *tokens = found == NULL ? NULL : PySequence_Tuple(found);
    Py_XDECREF(found);
    if (tokens == NULL) {
        Py_DECREF(piece);
        return NULL;
    }
    /* Python code may have run meanwhile (the call, a collection): look for the slot again. */
    if (used >= LIMIT) empty_table();
    slot = find_slot(kind, data, start, end, hash);
    if (table[slot].hash) { /* stored meanwhile: keep that one */
        Py_DECREF(piece);
        Py_DECREF(tokens);
        Py_INCREF(table[slot].tokens);
        return table[slot].tokens;
    }
    table[slot].hash = hash;
    table[slot].piece = piece;
    table[slot].tokens = tokens;
    used++;
    Py_INCREF(tokens);
    return tokens;
}

/* tokens(text, tokenise) -> list of str */
static PyObject *tokens(PyObject *self, PyObject *const *args, Py_ssize_t n_args) {
    if (n_args != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "tokens(text: str, tokenise)");
        return NULL;
    }
    PyObject *text = args[0], *tokenise = args[1];
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) return NULL; /* a legacy string made by the old C API */
#endif
    if (table == NULL) {
        table = PyMem_Calloc(TABLE_SIZE, sizeof(Entry));
        if (table == NULL) return PyErr_NoMemory();
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) i++;
        if (i == n) break;
        Py_ssize_t start = i;
        Py_uhash_t hash = 14695981039346656037ULL; /* FNV-1a over the code points */
        while (i < n) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (Py_UNICODE_ISSPACE(c)) break;
            hash = (hash ^ c) * 1099511628211ULL;
            i++;
        }
        Py_hash_t key = (Py_hash_t)hash;
        if (key == 0) key = 1; /* 0 marks an empty slot */
        PyObject *found = piece_tokens(text, kind, data, start, i, key, tokenise);
        if (found == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        Py_ssize_t count = PyTuple_GET_SIZE(found);
        for (Py_ssize_t k = 0; k < count; k++) {
            if (PyList_Append(out, PyTuple_GET_ITEM(found, k)) < 0) {
                Py_DECREF(found);
                Py_DECREF(out);
                return NULL;
            }
        }
        Py_DECREF(found);
    }
    return out;
}

static PyObject *clear(PyObject *self, PyObject *unused) {
    empty_table();
    Py_RETURN_NONE;
}

static PyObject *size(PyObject *self, PyObject *unused) { return PyLong_FromSsize_t(used); }

static PyMethodDef methods[] = {
    {"tokens", (PyCFunction)(void (*)(void))tokens, METH_FASTCALL,
     "tokens(text, tokenise) -> the tokens of each whitespace-separated piece, in order"},
    {"clear", clear, METH_NOARGS, "Empty the table of pieces."},
    {"size", size, METH_NOARGS, "The number of pieces in the table."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_syllables",
    "Syllable tokens piece by piece in C (govtext.text.tokens.syllables' fallback is Python).", -1,
    methods,
};

PyMODINIT_FUNC PyInit__syllables(void) { return PyModule_Create(&module); }
