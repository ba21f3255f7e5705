"""jieba's cut (HMM off) of a whole newline-joined batch at once, with numpy: the same tokens as
``jieba.Tokenizer.cut(text, HMM=False)``, without a Python loop per character or per token.

jieba cuts every block (a maximal run of Chinese characters, letters, digits and ``+#&._%-``) on its own:
it lists the dictionary words that start at each position (the DAG), takes from the block's end backwards
the route of the highest sum of log frequencies (ties to the longer word) and yields its words, with single
letters and digits run together. Outside blocks every character is a token (``\\r\\n`` one token).

Here each step runs over every position of the batch at once:

1. the dictionary is a trie in arrays (a dense table for the first character, sorted (node, character) keys
   for the others), walked one character deeper per step for all positions together;
2. the route's scores are computed for all blocks together, one distance from the block's end per step
   (a position's words end nearer the end, so their scores are known), with the same floating-point sums
   as jieba (log f − log total, plus the score after the word) and the same tie rule;
3. the route is followed from every block's start at once, and the tokens are the batch split at the
   route's positions.

Blocks longer than :data:`LONG_BLOCK` characters (rare in answers) go to the Python cutter instead, so the
number of steps stays small. A test compares the tokens with jieba's on every line of the test sets.
"""
from __future__ import annotations

from math import log
from typing import Callable

import numpy as np

from .segment import _SEP  # what the batch cutter splits its tokens apart at

#: blocks longer than this are cut by the one-block Python cutter (each step of the batch cutter is one
#: distance from a block's end, so one long block would make every step cost a call)
LONG_BLOCK = 256
#: characters cut at once (the word table per depth holds a float per character)
PIECE = 1_000_000
_SHIFT = 21  # bits of a character in a (node, character) key
_HAN_LAST = 0x9FD5  # jieba's re_han_default: [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]


def _block_table() -> np.ndarray:
    t = np.zeros(_HAN_LAST + 1, bool)
    t[0x4E00:] = True
    for ch in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-":
        t[ord(ch)] = True
    return t


_IN_BLOCK = _block_table()
_ENG = np.zeros(128, bool)  # jieba's re_eng: [a-zA-Z0-9]
for _ch in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
    _ENG[ord(_ch)] = True


class BatchCutter:
    """The tokens of a batch as jieba (HMM off) with the dictionary ``freq`` (word → frequency, every prefix
    of a word in it, as jieba keeps it) and its ``total`` gives them.

    ``cut_block``: the Python cutter of one block, for blocks longer than :data:`LONG_BLOCK`.

    >>> from citysurvey.text.segment import reference_segmenter
    >>> s = reference_segmenter()
    >>> BatchCutter(s._tk.FREQ, s._tk.total, s._cut_block).cut("小区停车位太少，晚上路灯不亮")
    ['小区', '停车位', '太', '少', '，', '晚上', '路灯不亮']
    """

    def __init__(self, freq: dict[str, int], total: int, cut_block: Callable[[str], list[str]]):
        self.cut_block = cut_block
        self.key = (total, len(freq))  # what the tables were built from
        words = [w for w in freq if w]
        ids = {w: i + 1 for i, w in enumerate(words)}
        ids[""] = 0  # the root
        # an entry whose prefix is missing is never reached (jieba's walk stops at the first fragment not in FREQ)
        parent = np.fromiter((ids.get(w[:-1], -1) for w in words), np.int64, len(words))
        last = np.fromiter((ord(w[-1]) for w in words), np.int64, len(words))
        logtotal = log(total)
        # the same numbers as jieba's log(FREQ[w]) - logtotal (math.log, not numpy's); NaN: a prefix only
        self.logp = np.r_[np.nan, np.fromiter((log(freq[w]) - logtotal if freq[w] else np.nan for w in words),
                                              np.float64, len(words))]
        self.unknown = log(1) - logtotal  # jieba: log(FREQ.get(w) or 1) for a position no word starts at
        node = np.arange(1, len(words) + 1)
        top = (parent == 0) & (last <= _HAN_LAST)
        self.first = np.full(_HAN_LAST + 1, -1, np.int64)
        self.first[last[top]] = node[top]
        deep = parent > 0
        keys = (parent[deep] << _SHIFT) | last[deep]
        import pandas as pd

        self.keys = pd.Index(keys)  # a hash table (pandas' engine), built on first use
        self.child = node[deep]

    def _step(self, node: np.ndarray, ch: np.ndarray) -> np.ndarray:
        """The trie's node after ``node`` and ``ch``, −1 where the dictionary has no such fragment."""
        at = self.keys.get_indexer((node << _SHIFT) | ch)
        return np.where(at >= 0, self.child[at], -1)

    def cut(self, big: str) -> list[str]:
        """Every token of ``big`` in order (they concatenate to ``big``), as ``jieba.cut(big, HMM=False)``; ``big``
        must not hold ``chr(1)`` (normalised text never does)."""
        if not big:
            return []
        if _SEP in big:
            raise ValueError("the batch cutter splits its tokens apart at chr(1): cut a text holding it otherwise")
        if len(big) > PIECE:  # a newline is a token of its own: the parts are cut apart, each in bounded memory
            k = big.rfind("\n", 0, PIECE)
            if k > 0 and big[k - 1] != "\r":
                return self.cut(big[:k]) + ["\n"] + self.cut(big[k + 1:])
        cp = np.frombuffer(big.encode("utf-32-le"), np.uint32).astype(np.int64)
        n = len(cp)
        inb = np.zeros(n, bool)
        low = cp <= _HAN_LAST
        inb[low] = _IN_BLOCK[cp[low]]
        edge = np.flatnonzero(np.diff(np.r_[False, inb, False].view(np.int8)))
        starts, ends = edge[0::2], edge[1::2]
        long = ends - starts > LONG_BLOCK
        bound = np.zeros(n + 1, bool)  # a token starts here
        bound[:n] = ~inb
        bound[1:n][(cp[:-1] == 13) & (cp[1:] == 10)] = False  # \r\n is one token
        pieces = None
        if long.any():  # each long block stands as one token here; its Python cut goes in below
            pieces = {int(a): self.cut_block(big[a:b]) for a, b in zip(starts[long], ends[long])}
            bound[starts[long]] = True
            starts, ends = starts[~long], ends[~long]
        if len(starts):
            self._route(cp, starts, ends, bound)
        at = np.flatnonzero(bound[:n])
        marked = np.insert(cp, at[1:], 1).astype(np.uint32).tobytes().decode("utf-32-le")
        toks = marked.split(_SEP)
        if pieces is None:
            return toks
        out: list[str] = []
        for i, t in zip(at.tolist(), toks):
            got = pieces.get(i)
            if got is None:
                out.append(t)
            else:
                out.extend(got)
        return out

    def _route(self, cp: np.ndarray, starts: np.ndarray, ends: np.ndarray, bound: np.ndarray) -> None:
        """Mark in ``bound`` where jieba's best route starts a token, in every block (``starts``, ``ends``)."""
        n = len(cp)
        length = ends - starts
        # 1. the dictionary words at every position: (start, characters after the first, log probability),
        # one trie step deeper per pass over the positions whose fragment so far is in the dictionary
        pos = np.repeat(starts, length) + (np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length))
        lim = np.repeat(ends, length)
        node = self.first[cp[pos]]
        keep = node >= 0
        pos, lim, node = pos[keep], lim[keep], node[keep]
        none_i, none_f = np.zeros(0, np.int64), np.zeros(0)
        cand_p, cand_d, cand_lp, cand_k = [none_i], [none_i], [none_f], [none_i]
        j = 0
        while len(pos):
            lp = self.logp[node]
            word = ~np.isnan(lp)
            cand_p.append(pos[word])
            cand_d.append(lim[word] - pos[word])
            cand_lp.append(lp[word])
            cand_k.append(np.full(int(word.sum()), j))
            j += 1
            keep = pos + j < lim
            pos, lim, node = pos[keep], lim[keep], node[keep]
            if not len(pos):
                break
            node = self._step(node, cp[pos + j])
            keep = node >= 0
            pos, lim, node = pos[keep], lim[keep], node[keep]
        P, D, LP, K = (np.concatenate(c) for c in (cand_p, cand_d, cand_lp, cand_k))
        # grouped by (distance of the start from the block's end, length), each group's starts ascending
        group = D * (j + 1) + K
        order = np.argsort(group.astype(np.int16) if group.max(initial=0) < 2**15 else group, kind="stable")
        P, LP, K, group = P[order], LP[order], K[order], group[order]
        cut = np.r_[0, np.flatnonzero(np.diff(group)) + 1, len(group)] if len(group) else np.zeros(1, np.int64)
        # 2. the route's scores, from the blocks' ends: at step d every position d characters before its block's
        # end; its words end nearer the end, so the scores after them are known
        score = np.zeros(n + 1)
        best = np.full(n, -np.inf)
        end = np.arange(n)  # the last character of the route's word starting at each position
        by_len = np.argsort(-length, kind="stable")
        ends_sorted, len_sorted = ends[by_len], length[by_len]
        count = np.searchsorted(-len_sorted, -np.arange(1, int(len_sorted[0]) + 1), side="right")
        unknown = self.unknown
        g = 0
        n_groups = len(cut) - 1
        for d in range(1, int(len_sorted[0]) + 1):
            while g < n_groups and group[cut[g]] // (j + 1) == d:  # the words of length k + 1, k ascending
                p, lp, k = P[cut[g]:cut[g + 1]], LP[cut[g]:cut[g + 1]], int(K[cut[g]])
                sc = lp + score[p + k + 1]
                take = sc >= best[p]  # jieba's max over (score, end): a tie goes to the longer word
                best[p[take]] = sc[take]
                end[p[take]] = p[take] + k
                g += 1
            p = ends_sorted[:count[d - 1]] - d
            b = best[p]
            none = b == -np.inf
            b[none] = unknown + score[p[none] + 1]
            score[p] = b
        # 3. the route from every block's start; single letters or digits in a row are one token
        on = np.zeros(n, bool)
        cur, lim = starts, ends
        while len(cur):
            on[cur] = True
            cur = end[cur] + 1
            keep = cur < lim
            cur, lim = cur[keep], lim[keep]
        at = np.flatnonzero(on)
        single = end[at] == at
        single &= cp[at] < 128
        single[single] = _ENG[cp[at[single]]]
        first = np.zeros(n, bool)
        first[starts] = True
        run_on = single & np.r_[False, single[:-1]] & ~first[at]
        bound[at[~run_on]] = True
