"""Type stubs of the native module ``precis._precis`` (the Rust crates of precis)."""

import os
from typing import Any, Iterable, List, Literal, NamedTuple, Optional, Sequence, Tuple, Union

__version__: str
#: Largest text accepted (UTF-8 bytes) for one article or one ROUGE text (16 MiB).
MAX_TEXT_BYTES: int

Method = Literal["auto", "lead", "textrank", "lexrank", "centroid", "oracle"]
Errors = Literal["raise", "return"]
Reference = Union[str, Sequence[str], None]
PathLike = Union[str, "os.PathLike[str]"]

class Highlight:
    """One highlight: a sentence of the cleaned article text."""

    @property
    def text(self) -> str:
        """The sentence: exactly the cleaned text's UTF-8 bytes ``start:end``."""
    @property
    def start(self) -> int:
        """UTF-8 byte offset of the sentence in the cleaned text (``Summary.text``)."""
    @property
    def end(self) -> int:
        """UTF-8 byte offset where the sentence ends (exclusive)."""
    @property
    def sentence(self) -> int:
        """0-based index of the sentence in the article."""
    @property
    def score(self) -> float:
        """The method's score (comparable within one article and method only)."""
    def to_dict(self) -> dict: ...

class Removed:
    """Boilerplate removed before summarizing."""

    @property
    def kind(self) -> str:
        """``caption``, ``story_highlights``, ``dateline``, ``byline``, ``scroll_down``,
        ``read_more``, ``click_here``, ``share_widget`` or ``related``."""
    @property
    def text(self) -> str: ...
    def to_dict(self) -> dict: ...

class Summary:
    """The highlights of one article; ``to_dict()`` is the CLI's JSON (``-f jsonl``)."""

    @property
    def id(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def lang(self) -> str:
        """ISO 639-1 code of the article's language (``"und"``: could not be told)."""
    @property
    def title(self) -> Optional[str]: ...
    @property
    def highlights(self) -> List[Highlight]: ...
    @property
    def sentences(self) -> int: ...
    @property
    def words(self) -> int: ...
    @property
    def truncated(self) -> bool: ...
    @property
    def reference(self) -> Optional[List[str]]: ...
    @property
    def removed(self) -> List[Removed]: ...
    @property
    def text(self) -> Optional[str]:
        """The cleaned text the offsets point into (``include_text=True`` only)."""
    def to_json(self, pretty: bool = False) -> str: ...
    def to_dict(self) -> dict: ...

class Summarizer:
    """Options and a loaded model; reusable, thread-safe and picklable."""

    def __init__(
        self,
        *,
        method: Method = "auto",
        sentences: Union[int, Literal["auto"], None] = None,
        words: Optional[int] = None,
        ratio: Optional[float] = None,
        html: bool = False,
        lang: str = "auto",
        model: Optional[PathLike] = None,
        order: Literal["source", "score"] = "source",
        include_text: bool = False,
        clean: bool = True,
    ) -> None: ...
    def summarize(self, text: str, *, id: Union[str, int, None] = None, reference: Reference = None) -> Summary: ...
    def __call__(self, text: str, *, id: Union[str, int, None] = None, reference: Reference = None) -> Summary: ...
    def summarize_batch(
        self,
        texts: Iterable[str],
        *,
        threads: int = 0,
        errors: Errors = "raise",
        ids: Optional[Iterable[Union[str, int, None]]] = None,
        references: Optional[Iterable[Reference]] = None,
        corpus_idf: bool = False,
    ) -> List[Union[Summary, Exception]]: ...
    def options(self) -> dict: ...
    method: str
    sentences: Optional[int]
    words: Optional[int]
    ratio: Optional[float]
    html: bool
    lang: str
    model: Optional[str]
    order: str
    include_text: bool
    clean: bool

def summarize(
    text: str,
    *,
    method: Method = "auto",
    sentences: Union[int, Literal["auto"], None] = None,
    words: Optional[int] = None,
    ratio: Optional[float] = None,
    html: bool = False,
    lang: str = "auto",
    model: Optional[PathLike] = None,
    order: Literal["source", "score"] = "source",
    include_text: bool = False,
    clean: bool = True,
    id: Union[str, int, None] = None,
    reference: Reference = None,
) -> Summary: ...
def summarize_batch(
    texts: Iterable[str],
    *,
    threads: int = 0,
    errors: Errors = "raise",
    ids: Optional[Iterable[Union[str, int, None]]] = None,
    references: Optional[Iterable[Reference]] = None,
    corpus_idf: bool = False,
    method: Method = "auto",
    sentences: Union[int, Literal["auto"], None] = None,
    words: Optional[int] = None,
    ratio: Optional[float] = None,
    html: bool = False,
    lang: str = "auto",
    model: Optional[PathLike] = None,
    order: Literal["source", "score"] = "source",
    include_text: bool = False,
    clean: bool = True,
) -> List[Union[Summary, Exception]]: ...

class Page:
    """The article of an HTML page and its metadata."""

    title: Optional[str]
    byline: Optional[str]
    date: Optional[str]
    site: Optional[str]
    url: Optional[str]
    lang: str
    declared_lang: Optional[str]
    text: str
    highlights: Optional[List[str]]
    def to_dict(self) -> dict: ...

def extract(html: Union[str, bytes], *, url: Optional[str] = None, lang: str = "auto") -> Page: ...

SegmentOutput = Literal["sentences", "spans", "record"]

def segment(text: str, *, lang: str = "auto", output: SegmentOutput = "sentences") -> Any:
    """The sentences of ``text`` exactly as given: ``List[str]`` (``output="sentences"``),
    ``List[Tuple[int, int]]`` UTF-8 byte spans (``"spans"``, as ``precis segment``), or
    ``{"lang", "sentences": spans, "texts": sentences}`` (``"record"``)."""

def segment_batch(
    texts: Iterable[str],
    *,
    lang: str = "auto",
    output: SegmentOutput = "sentences",
    threads: int = 0,
    errors: Errors = "raise",
) -> List[Any]:
    """``[segment(t) for t in texts]`` on all cores with the GIL released, in input order."""

class Score(NamedTuple):
    precision: float
    recall: float
    fmeasure: float

class RougeScorer:
    """The native scorer behind ``precis.rouge_score.rouge_scorer.RougeScorer``."""

    def __init__(
        self, rouge_types: Sequence[str], use_stemmer: Optional[bool] = False, lang: Optional[str] = None
    ) -> None: ...
    rouge_types: List[str]
    use_stemmer: bool
    lang: Optional[str]
    def score(self, target: str, prediction: str) -> dict[str, Score]: ...
    def score_multi(self, targets: Sequence[str], prediction: str) -> dict[str, Score]: ...
    def score_batch(
        self, targets: Iterable[str], predictions: Iterable[str], *, threads: int = 0, errors: Errors = "raise"
    ) -> List[Union[dict[str, Score], Exception]]: ...
    def score_tokens(
        self,
        target_tokens: Sequence[Union[str, int]],
        target_lines: Sequence[Sequence[Union[str, int]]],
        prediction_tokens: Sequence[Union[str, int]],
        prediction_lines: Sequence[Sequence[Union[str, int]]],
    ) -> dict[str, Score]: ...

def tokenize(text: str, use_stemmer: bool = False) -> List[str]: ...
def bootstrap_intervals(
    groups: Sequence[Sequence[Tuple[float, float, float]]],
    confidence_interval: float,
    n_samples: int,
    *,
    key: Optional[Sequence[int]] = None,
    pos: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
) -> Tuple[List[List[float]], List[int], int]: ...
def default_threads() -> int: ...
def _summary_from_json(json: str) -> Summary: ...

def rouge155_scores(
    predictions: Sequence[str],
    references: Sequence[Union[str, Sequence[str]]],
    *,
    options: Optional[str] = None,
    use_stemmer: Optional[bool] = None,
    threads: int = 0,
) -> dict: ...

def verify_json(
    article: str,
    summary: str,
    *,
    lang: str = "auto",
    clean: bool = True,
    include_text: bool = False,
) -> str: ...
