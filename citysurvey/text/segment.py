"""Word segmentation with jieba and the domain dictionary.

jieba is the reference. Each process builds one private ``jieba.Tokenizer`` (not
jieba's global one, which other code may change) with the domain words added,
and reuses it. HMM is off by default: it is deterministic, about twice as fast,
and the HMM's guesses at unknown words matter little when the domain words are
in the dictionary. A batch (``cut_stream``, ``cut_lines``) is cut with jieba's dictionary and algorithm by
numpy over the whole batch at once (:mod:`.batchcut`), one text (``cut``) by a one-pass Python cutter:
both give jieba's own tokens (tests compare them). The optional ``rjieba`` backend (jieba-rs, several times
faster) is used only when asked for; a test proves its tokens equal jieba's.

>>> reference_segmenter().cut("小区停车位太少，晚上路灯不亮")
['小区', '停车位', '太', '少', '，', '晚上', '路灯不亮']
"""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Iterable, Literal

from ..errors import Problem, StageError
from .lexicon import Lexicon, TypoMap, load_lexicon

Backend = Literal["jieba", "rjieba"]

#: frequency given to domain words so that 加装电梯 / 停车难 / 飞线充电 stay whole (domain README §3)
DOMAIN_WORD_FREQ = 2000

_LOCK = threading.Lock()
_SEP = "\x01"  # between tokens in cut_lines; a control character, so never inside cleaned text
MEMO_BLOCKS = 500_000  # remembered blocks per process (a few hundred MB at most)


_NOT_IN_DICT = object()


def _is_eng(ch: str) -> bool:
    """jieba's ``re_eng`` ([a-zA-Z0-9], Unicode) on one character."""
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=1)
def _jieba_base() -> tuple[dict[str, int], int]:
    """jieba's own dictionary (prefix table and total), loaded once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs dictionary loading at DEBUG to stderr
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk.FREQ, tk.total


def jieba_tokenizer():
    """A private, initialised ``jieba.Tokenizer`` with jieba's own dictionary (jieba's log quiet).

    Each call gives a tokenizer of its own (the segmenter adds domain words to its copy, the name tagger keeps
    jieba's words alone), all copied from one load of the dictionary per process.
    """
    import jieba

    freq, total = _jieba_base()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(freq), total, True
    return tk


def domain_words(lexicon: Lexicon, typos: TypoMap, extra: Iterable[str] = ()) -> dict[str, int]:
    """Words to add to the dictionary: canonical lexicon terms, canonical typo targets, extra words."""
    words = dict.fromkeys(lexicon.terms["canonical"], DOMAIN_WORD_FREQ)
    for _, canonical in typos.pairs:
        words.setdefault(canonical, DOMAIN_WORD_FREQ)
    for w in extra:
        w = typos.apply(str(w).strip().lower())
        if w:
            words.setdefault(w, DOMAIN_WORD_FREQ)
    return dict(sorted(words.items()))


class Segmenter:
    """A tokenizer with the domain words: ``cut`` one text, ``cut_lines`` a newline-joined batch.

    Parameters
    ----------
    words : dict of str to int
        Domain words (lexicon terms, canonical forms) → frequency, added to the dictionary so
        they are never split.
    backend : {"jieba", "rjieba"}
        jieba (the reference) or the faster jieba-rs binding, whose tokens are the same.
    hmm : bool
        jieba's HMM for unknown words (off by default: it is slower and splits domain words).

    Raises
    ------
    StageError
        ``rjieba`` asked for but not installed (``pip install 'citysurvey[fast]'``).

    Examples
    --------
    >>> from citysurvey.text import Segmenter
    >>> Segmenter({"停车位": 1000}).cut("小区停车位太少")
    ['小区', '停车位', '太', '少']
    """

    def __init__(self, words: dict[str, int], backend: Backend = "jieba", hmm: bool = False):
        self.backend = backend
        self.hmm = hmm
        self.words = dict(words)
        if backend == "jieba":
            tk = jieba_tokenizer()
            for w, f in self.words.items():
                tk.add_word(w, f)
            self._tk = tk
            self._cut = (lambda text: tk.cut(text, HMM=hmm)) if hmm else self._cut_memo
            self._blocks: dict[str, list[str]] = {}
            self._logp: dict[str, float | None] | None = None
            self._logp_total = 0
            self._unknown_logp = 0.0
            self._batch = None  # the batch cutter's tables, built at the first batch (redaction reads only FREQ)
            if not hmm:
                self._build_logp()  # with the dictionary, before any clock starts
        elif backend == "rjieba":
            try:
                import rjieba
            except ImportError:
                raise StageError(
                    Problem(
                        zh="配置了 rjieba 分词后端，但未安装 rjieba。",
                        en="the rjieba backend is configured but rjieba is not installed.",
                        hint_zh="请运行 pip install rjieba，或把 text.backend 改为 jieba。",
                        hint_en="Run pip install rjieba, or set text.backend to jieba.",
                    )
                ) from None
            rj = rjieba.Jieba()
            for w, f in self.words.items():
                rj.add_word(w, f, None)
            self._tk = rj
            self._cut = lambda text: rj.cut(text, hmm)
        else:  # pragma: no cover - the config model restricts the value
            raise ValueError(backend)

    def _cut_memo(self, text: str) -> list[str]:
        """jieba's ``cut(text, HMM=False)``, remembering the tokens of each block of Chinese text.

        jieba cuts every maximal run of Chinese/alphanumeric characters (a block)
        on its own, so the tokens of a block never depend on its neighbours:
        remembering them is exact. Answers repeat clauses (停车难, 希望尽快解决), and
        a remembered block costs a dict lookup instead of a dictionary walk.
        This mirrors ``jieba.Tokenizer.cut`` (0.42) for HMM off; a test checks
        that both give the same tokens.
        """
        import jieba

        re_han, re_skip = jieba.re_han_default, jieba.re_skip_default
        cut_block = self._cut_block
        memo = self._blocks
        out: list[str] = []
        for blk in re_han.split(text):
            if not blk:
                continue
            if re_han.match(blk):
                toks = memo.get(blk)
                if toks is None:
                    toks = list(cut_block(blk))
                    if len(memo) < MEMO_BLOCKS:
                        memo[blk] = toks
                out.extend(toks)
            else:
                for x in re_skip.split(blk):
                    if re_skip.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out

    def _cut_block(self, blk: str) -> list[str]:
        """jieba's ``__cut_DAG_NO_HMM`` on one block, the same tokens in about half the time.

        jieba builds the DAG of dictionary words (a dict of lists), then the best route by a
        generator of tuples per position, then yields words. Here both passes are one loop from
        the end of the block, with each word's log probability looked up rather than computed:
        the same floating-point sums in the same order (log f − log total, plus the rest of the
        route), and ties go to the longer word as jieba's ``max`` over (score, end) does.
        """
        lp = self._logp
        if lp is None or self._logp_total != self._tk.total:
            lp = self._build_logp()
        get = lp.get
        N = len(blk)
        score = [0.0] * (N + 1)
        end = list(range(N + 1))
        unknown = self._unknown_logp
        for k in range(N - 1, -1, -1):
            frag = blk[k]
            best = None
            bx = k
            i = k
            while True:
                w = get(frag, _NOT_IN_DICT)
                if w is _NOT_IN_DICT:
                    break
                if w is not None:
                    sc = w + score[i + 1]
                    if best is None or sc >= best:
                        best, bx = sc, i
                i += 1
                if i >= N:
                    break
                frag = blk[k:i + 1]
            if best is None:
                best = unknown + score[k + 1]
            score[k] = best
            end[k] = bx
        out: list[str] = []
        x = 0
        buf = ""
        is_eng = _is_eng
        while x < N:
            y = end[x] + 1
            word = blk[x:y]
            if y - x == 1 and is_eng(word):
                buf += word
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            out.append(buf)
        return out

    def _batch_cutter(self):
        """The batch cutter (:mod:`.batchcut`) of this dictionary, built again when words were added since."""
        from .batchcut import BatchCutter

        tk = self._tk
        if self._batch is None or self._batch.key != (tk.total, len(tk.FREQ)):
            self._batch = BatchCutter(tk.FREQ, tk.total, self._cut_block)
        return self._batch

    def _build_logp(self) -> dict[str, float]:
        """log(f) − log(total) of every dictionary word; None for a prefix entry (frequency 0)."""
        from math import log

        tk = self._tk
        logtotal = log(tk.total)
        self._logp = {w: (log(f) - logtotal if f else None) for w, f in tk.FREQ.items()}
        self._unknown_logp = log(1) - logtotal  # jieba: log(FREQ.get(w) or 1)
        self._logp_total = tk.total
        return self._logp

    def cut(self, text: str) -> list[str]:
        """The tokens of one text.

        Parameters
        ----------
        text : str
            One (normalised) text.

        Returns
        -------
        list of str
            Its tokens, punctuation included, whitespace included as tokens of its own.

        Examples
        --------
        >>> from citysurvey.text import reference_segmenter
        >>> reference_segmenter().cut("停车位太少")
        ['停车位', '太', '少']
        """
        return list(self._cut(text))

    def cut_stream(self, big: str) -> list[str]:
        r"""Every token of a newline-joined batch, whitespace and newline tokens included.

        The tokens concatenate to ``big`` exactly, so offsets in the token list are
        character offsets (what the classifier's clause and character features use).

        Parameters
        ----------
        big : str
            Texts joined by newlines.

        Returns
        -------
        list of str
            All tokens in order; ``"".join`` of them is ``big``.

        Examples
        --------
        >>> from citysurvey.text import reference_segmenter
        >>> reference_segmenter().cut_stream("停车难" + chr(10) + "路灯不亮")
        ['停车难', '\n', '路灯不亮']
        """
        if self.backend == "jieba" and not self.hmm and _SEP not in big:
            return self._batch_cutter().cut(big)  # the whole batch at once, the same tokens
        toks = self._cut(big)
        return toks if isinstance(toks, list) else list(toks)

    def cut_lines(self, big: str) -> list[list[str]]:
        """Tokens of every line of a newline-joined batch, without whitespace tokens.

        One call over the batch gives the same tokens as one call per line (a newline is a
        block boundary for jieba) without the per-call overhead; the tokens are joined and
        split again by C string methods rather than a Python loop per token. Lines must not
        hold the separator ``chr(1)`` (normalisation removes it).

        Parameters
        ----------
        big : str
            Texts joined by newlines.

        Returns
        -------
        list of list of str
            One token list per line.

        Examples
        --------
        >>> from citysurvey.text import reference_segmenter
        >>> reference_segmenter().cut_lines("停车难" + chr(10) + "路灯 不亮")
        [['停车难'], ['路灯', '不', '亮']]
        """
        return [p.split(_SEP) if p else [] for p in self.cut_joined(big)]

    def cut_joined(self, big: str) -> list[str]:
        """Per line of a newline-joined batch, its tokens joined by ``chr(1)`` (no whitespace tokens).

        Parameters
        ----------
        big : str
            Texts joined by newlines.

        Returns
        -------
        list of str
            One string per line: its tokens joined by ``chr(1)``.

        Examples
        --------
        >>> from citysurvey.text import reference_segmenter
        >>> [line.split(chr(1)) for line in reference_segmenter().cut_joined("小区停车位太少")]
        [['小区', '停车位', '太', '少']]
        """
        return tokens_by_line(self.cut_stream(big))

    @property
    def freq(self) -> dict[str, int]:
        """Word frequencies of the (jieba) dictionary."""
        if self.backend != "jieba":
            return reference_segmenter().freq
        return self._tk.FREQ


def tokens_by_line(tokens: list[str], sep: str = _SEP) -> list[str]:
    """Per line of a token stream, its non-whitespace tokens joined by ``sep`` (C string methods only)."""
    joined = _SEP.join(tokens).replace(_SEP + " " + _SEP, _SEP)
    if sep == " ":  # the separators made spaces before the lines are cut: stripping either from a line's ends is the same
        return [p.strip(" ") for p in joined.replace(_SEP, " ").split("\n")]
    lines = [p.strip(_SEP + " ") for p in joined.split("\n")]
    if sep != _SEP:
        return "\n".join(lines).replace(_SEP, sep).split("\n")
    return lines


@lru_cache(maxsize=4)
def _cached(words_key: tuple[tuple[str, int], ...], backend: str, hmm: bool) -> Segmenter:
    return Segmenter(dict(words_key), backend, hmm)  # type: ignore[arg-type]


def segmenter_for(words: dict[str, int], backend: Backend = "jieba", hmm: bool = False) -> Segmenter:
    """One segmenter per (dictionary, backend, HMM) per process: the dictionary loads once."""
    with _LOCK:
        return _cached(tuple(sorted(words.items())), backend, hmm)


def reference_segmenter() -> Segmenter:
    """The reference tokenizer: jieba, HMM off, the bundled lexicon's words and typo map.

    Returns
    -------
    Segmenter
        Built from the bundled resources; tests compare other backends against it.

    Examples
    --------
    >>> from citysurvey.text import reference_segmenter
    >>> reference_segmenter().cut("小区停车位太少，晚上路灯不亮")
    ['小区', '停车位', '太', '少', '，', '晚上', '路灯不亮']
    """
    typos = TypoMap.load()
    return segmenter_for(domain_words(load_lexicon(typos=typos), typos))


default_segmenter = reference_segmenter


def jieba_dictionary() -> dict[str, int]:
    """Word → frequency of the reference dictionary (used by redaction to recognise words)."""
    return reference_segmenter().freq
