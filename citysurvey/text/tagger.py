"""jieba's part-of-speech tagger with its HMM step done in numpy: the same tags, several times faster.

Redaction asks jieba.posseg (HMM on) whether a candidate is a person (``nr``). On real answers, with
few repeats, most of that time went to ``jieba.posseg.viterbi``, a pure-Python Viterbi that for every
character compares every state it can be in with every state the character before could be in. Here
each step is one numpy sum and ``argmax`` over that states × states block.

The result is the same as jieba's, not close to it: the scores are summed in jieba's order
(previous score + transition, then + emission) in float64, missing transitions are −inf and missing
emissions jieba's ``MIN_FLOAT``, the candidate states of a character are jieba's (its state table,
intersected with what the previous states can go to, or jieba's fallbacks), and a tie goes, as with
jieba's ``max`` over ``(score, state)`` pairs, to the greater state: the states are numbered in
descending order, so ``argmax`` (the first maximum) picks it. ``tests/test_text_tagger.py`` compares
both on the test fixtures and on random strings.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np


class _Model:
    """jieba.posseg's HMM (start, transition and emission tables) as arrays over states numbered in descending order."""

    def __init__(self):
        from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
        from jieba.posseg.viterbi import MIN_FLOAT

        states = sorted(trans_P, reverse=True)
        self.states = states
        self.index = {s: i for i, s in enumerate(states)}
        n = len(states)
        self.n = n
        self.trans = np.full((n, n), -np.inf)
        self.follows = np.zeros((n, n), dtype=bool)  # follows[x, y]: y is a key of trans_P[x]
        for x, row in trans_P.items():
            i = self.index[x]
            for y, p in row.items():
                self.trans[i, self.index[y]] = p
                self.follows[i, self.index[y]] = True
        self.has_next = np.array([len(trans_P[s]) > 0 for s in states])
        self.start = np.array([start_P[s] for s in states])
        self._emit_p, self._char_states, self._min_float = emit_P, char_state_tab_P, MIN_FLOAT
        self._emit: dict[str, np.ndarray] = {}
        self._allowed: dict[str, np.ndarray] = {}
        self.all = np.ones(n, dtype=bool)

    def emit(self, c: str) -> np.ndarray:
        e = self._emit.get(c)
        if e is None:
            mf = self._min_float
            e = self._emit[c] = np.array([self._emit_p[s].get(c, mf) for s in self.states])
        return e

    def allowed(self, c: str) -> np.ndarray:
        """jieba's ``states.get(c, all_states)`` as a mask."""
        a = self._allowed.get(c)
        if a is None:
            tab = self._char_states.get(c)
            if tab is None:
                a = self.all
            else:
                a = np.zeros(self.n, dtype=bool)
                a[[self.index[s] for s in tab]] = True
            self._allowed[c] = a
        return a


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _Model()


def viterbi(obs: str) -> tuple[float, list[tuple[str, str]]]:
    """``jieba.posseg.viterbi(obs, char_state_tab_P, start_P, trans_P, emit_P)``, the same result."""
    prob, route = _states(obs)
    return prob, list(route)


@lru_cache(maxsize=1 << 16)
def _states(obs: str) -> tuple[float, tuple[tuple[str, str], ...]]:
    # a pure function of a short string: the HMM sees only the runs of characters jieba's dictionary leaves
    # uncut (2.5 characters on average in the name finder's windows), which recur in any text
    m = _model()
    keys = np.flatnonzero(m.allowed(obs[0]))  # the states of step t (jieba's mem_path[t].keys()), ascending index
    v = np.full(m.n, np.nan)
    v[keys] = m.start[keys] + m.emit(obs[0])[keys]
    back: list[np.ndarray] = []
    for c in obs[1:]:
        prev = keys[m.has_next[keys]]
        if not len(prev):
            raise ValueError("max() arg is an empty sequence")  # as jieba's max over no previous state
        expect = m.follows[prev].any(axis=0)
        obs_mask = m.allowed(c) & expect
        if not obs_mask.any():
            obs_mask = expect if expect.any() else m.all
        keys = np.flatnonzero(obs_mask)
        scores = (v[prev][:, None] + m.trans[np.ix_(prev, keys)]) + m.emit(c)[keys]
        arg = scores.argmax(axis=0)  # first maximum = the greatest state among equal scores
        step = np.zeros(m.n, dtype=np.intp)
        step[keys] = prev[arg]
        back.append(step)
        v = np.full(m.n, np.nan)
        v[keys] = scores[arg, np.arange(len(keys))]
    best = keys[int(v[keys].argmax())]
    prob = float(v[best])
    route = [best]
    for step in reversed(back):
        route.append(int(step[route[-1]]))
    states = m.states
    return prob, tuple(states[i] for i in reversed(route))


def pos_tokenizer_class():
    """A ``jieba.posseg.POSTokenizer`` whose HMM step is :func:`viterbi` (everything else is jieba's)."""
    return _tokenizer_class()


@lru_cache(maxsize=1)
def _tokenizer_class():
    import jieba.posseg as pseg

    class POSTagger(pseg.POSTokenizer):
        def _POSTokenizer__cut(self, sentence):  # jieba's POSTokenizer.__cut, with the numpy viterbi
            _prob, pos_list = _states(sentence)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield pseg.pair(sentence[begin:i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield pseg.pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield pseg.pair(sentence[nexti:], pos_list[nexti][1])

    return POSTagger
