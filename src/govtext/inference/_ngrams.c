/* The n-gram counts of tokenised texts against a fitted vocabulary, in one pass in C.
 *
 * govtext.inference.fast.FastFeatures.count_arrays gives the same three arrays with NumPy
 * (the fallback where this module was not built): each token is looked up as an "atom" (its id
 * among the vocabulary's distinct tokens, -1 for any other token), an n-gram of atoms becomes
 * the integer code ((a0 * base) + a1) * base ..., and its column is read from the unigram
 * array (n = 1) or from FastFeatures' open-addressing table of codes (n >= 2), probed exactly as
 * fast._Table.lookup probes it. Each text's columns come out sorted, a repeated n-gram once with
 * its count: the CSR arrays (indptr, indices, counts) CountVectorizer builds.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ORDER 8
static const uint64_t GOLDEN = 0x9E3779B97F4A7C15ULL;

typedef struct {
    Py_buffer keys, values; /* int64 arrays of the same length, a power of two */
    int bits;               /* log2 of that length */
    Py_ssize_t max_probe;
    int present;
} Table;

typedef struct {
    char *data;
    Py_ssize_t used, size; /* in bytes */
} Grow;

static int grow_push(Grow *g, int64_t value) {
    if (g->used + (Py_ssize_t)sizeof value > g->size) {
        Py_ssize_t size = g->size ? g->size * 2 : 4096;
        char *data = PyMem_Realloc(g->data, size);
        if (data == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        g->data = data;
        g->size = size;
    }
    memcpy(g->data + g->used, &value, sizeof value);
    g->used += sizeof value;
    return 0;
}

static int64_t table_column(const Table *t, int64_t code) {
    const int64_t *keys = t->keys.buf, *values = t->values.buf;
    uint64_t mask = ((uint64_t)1 << t->bits) - 1;
    uint64_t slot = ((uint64_t)code * GOLDEN) >> (64 - t->bits);
    for (Py_ssize_t probe = 0; probe <= t->max_probe; probe++) {
        if (keys[slot] == code) return values[slot];
        if (keys[slot] == -1) return -1;
        slot = (slot + 1) & mask;
    }
    return -1;
}

static int compare_int64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* A sentence has a few tens of n-grams: insertion sort beats qsort's calls through a
   function pointer by far there; qsort for the rare long text. */
static void sort(int64_t *values, Py_ssize_t n) {
    if (n > 64) {
        qsort(values, n, sizeof(int64_t), compare_int64);
        return;
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        int64_t value = values[i];
        Py_ssize_t j = i;
        while (j > 0 && values[j - 1] > value) {
            values[j] = values[j - 1];
            j--;
        }
        values[j] = value;
    }
}

static void release(Table *tables, Py_buffer *unigram) {
    for (int n = 0; n <= MAX_ORDER; n++) {
        if (tables[n].present) {
            PyBuffer_Release(&tables[n].keys);
            PyBuffer_Release(&tables[n].values);
        }
    }
    PyBuffer_Release(unigram);
}

/* count(texts, atoms, unigram, n_min, n_max, base, tables) -> (indptr, indices, counts)
 *   texts: a sequence of sequences of str; atoms: dict str -> int;
 *   unigram: int64 array, the column of each atom's unigram (-1: none);
 *   tables: {n: (keys, values, bits, max_probe)} for the orders n >= 2 the vocabulary has.
 * The three results are bytearrays of native int64. */
static PyObject *count(PyObject *self, PyObject *args) {
    PyObject *texts, *atoms, *table_dict;
    Py_buffer unigram;
    int n_min, n_max;
    long long base;
    if (!PyArg_ParseTuple(args, "OO!y*iiLO!", &texts, &PyDict_Type, &atoms, &unigram, &n_min,
                          &n_max, &base, &PyDict_Type, &table_dict))
        return NULL;
    Table tables[MAX_ORDER + 1];
    memset(tables, 0, sizeof tables);
    if (n_min < 1 || n_max < n_min || n_max > MAX_ORDER) {
        PyBuffer_Release(&unigram);
        PyErr_SetString(PyExc_ValueError, "n-gram orders out of range");
        return NULL;
    }
    for (int n = 2; n <= n_max; n++) {
        PyObject *key = PyLong_FromLong(n);
        if (key == NULL) {
            release(tables, &unigram);
            return NULL;
        }
        PyObject *entry = PyDict_GetItemWithError(table_dict, key);
        Py_DECREF(key);
        if (entry == NULL) {
            if (PyErr_Occurred()) {
                release(tables, &unigram);
                return NULL;
            }
            continue;
        }
        Table *t = &tables[n];
        if (!PyArg_ParseTuple(entry, "y*y*in", &t->keys, &t->values, &t->bits, &t->max_probe)) {
            release(tables, &unigram);
            return NULL;
        }
        t->present = 1;
    }
    const int64_t *unigram_columns = unigram.buf;
    Py_ssize_t n_atoms = unigram.len / (Py_ssize_t)sizeof(int64_t);

    PyObject *sequence = PySequence_Fast(texts, "texts must be a sequence");
    if (sequence == NULL) {
        release(tables, &unigram);
        return NULL;
    }
    Py_ssize_t n_texts = PySequence_Fast_GET_SIZE(sequence);
    Grow indptr = {0}, indices = {0}, counts = {0};
    int64_t *text_atoms = NULL, *found = NULL;
    Py_ssize_t capacity = 0;
    PyObject *result = NULL;
    if (grow_push(&indptr, 0) < 0) goto done;
    for (Py_ssize_t row = 0; row < n_texts; row++) {
        PyObject *tokens = PySequence_Fast(PySequence_Fast_GET_ITEM(sequence, row),
                                           "each text's tokens must be a sequence");
        if (tokens == NULL) goto done;
        Py_ssize_t length = PySequence_Fast_GET_SIZE(tokens);
        if (length > capacity) {
            capacity = length * 2;
            PyMem_Free(text_atoms);
            PyMem_Free(found);
            text_atoms = PyMem_Malloc(capacity * sizeof(int64_t));
            /* at most `length` n-grams of each order */
            found = PyMem_Malloc(capacity * (MAX_ORDER + 1) * sizeof(int64_t));
            if (text_atoms == NULL || found == NULL) {
                Py_DECREF(tokens);
                PyErr_NoMemory();
                goto done;
            }
        }
        PyObject **items = PySequence_Fast_ITEMS(tokens);
        for (Py_ssize_t i = 0; i < length; i++) {
            PyObject *atom = PyDict_GetItemWithError(atoms, items[i]);
            if (atom == NULL) {
                if (PyErr_Occurred()) {
                    Py_DECREF(tokens);
                    goto done;
                }
                text_atoms[i] = -1;
            } else {
                text_atoms[i] = PyLong_AsLongLong(atom);
                if (text_atoms[i] == -1 && PyErr_Occurred()) {
                    Py_DECREF(tokens);
                    goto done;
                }
            }
        }
        Py_DECREF(tokens);
        Py_ssize_t n_found = 0;
        for (int n = n_min; n <= n_max; n++) {
            if (n >= 2 && !tables[n].present) continue;
            for (Py_ssize_t i = 0; i + n <= length; i++) {
                int64_t code = 0, column;
                int known = 1;
                for (int k = 0; k < n; k++) {
                    if (text_atoms[i + k] < 0) {
                        known = 0;
                        break;
                    }
                    code = code * base + text_atoms[i + k];
                }
                if (!known) continue;
                if (n == 1)
                    column = code < n_atoms ? unigram_columns[code] : -1;
                else
                    column = table_column(&tables[n], code);
                if (column >= 0) found[n_found++] = column;
            }
        }
        sort(found, n_found);
        for (Py_ssize_t i = 0; i < n_found;) {
            Py_ssize_t j = i + 1;
            while (j < n_found && found[j] == found[i]) j++;
            if (grow_push(&indices, found[i]) < 0 || grow_push(&counts, j - i) < 0) goto done;
            i = j;
        }
        if (grow_push(&indptr, indices.used / (Py_ssize_t)sizeof(int64_t)) < 0) goto done;
    }
    PyObject *arrays[3] = {
        PyByteArray_FromStringAndSize(indptr.data, indptr.used),
        PyByteArray_FromStringAndSize(indices.data, indices.used),
        PyByteArray_FromStringAndSize(counts.data, counts.used),
    };
    if (arrays[0] && arrays[1] && arrays[2])
        result = PyTuple_Pack(3, arrays[0], arrays[1], arrays[2]);
    for (int k = 0; k < 3; k++) Py_XDECREF(arrays[k]);
done:
    Py_DECREF(sequence);
    PyMem_Free(text_atoms);
    PyMem_Free(found);
    PyMem_Free(indptr.data);
    PyMem_Free(indices.data);
    PyMem_Free(counts.data);
    release(tables, &unigram);
    return result;
}

static PyMethodDef methods[] = {
    {"count", count, METH_VARARGS,
     "count(texts, atoms, unigram, n_min, n_max, base, tables) -> (indptr, indices, counts)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ngrams",
    "N-gram counts of tokenised texts in C (govtext.inference.fast's fallback is NumPy).", -1,
    methods,
};

PyMODINIT_FUNC PyInit__ngrams(void) { return PyModule_Create(&module); }
