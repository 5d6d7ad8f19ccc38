"""The batch stage as one pure function: a partition of inputs in, articles and claims out.

``process_partition`` reads, cleans and extracts; it never touches the store, so it can run
in any process of any machine, and the same inputs and options always give the same result.
The only state it keeps is the spaCy pipeline, loaded once per process by
``backers.nlp.load_pipeline`` (a per-process cache), because loading it costs seconds.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator

from backers.batch.partition import InputRef, PartitionOptions, PartitionResult
from backers.batch.presign import presign
from backers.batch.reading import limits, read_ref
from backers.records import Article, Failure
from backers.store.load import unique_claims


def read_refs(inputs: Iterable[InputRef], options: PartitionOptions) -> Iterator[Article | Failure]:
    """The articles and failures of the inputs, in order."""
    lim = limits(options.as_of, options.max_doc_bytes, options.max_line_bytes)
    for ref in inputs:
        yield from read_ref(ref, as_of=options.as_of, lim=lim)


def process_partition(inputs: list[InputRef], options: PartitionOptions) -> PartitionResult:
    """Read, clean and extract one partition.

    Articles whose id is in ``options.done`` (or repeat an earlier article of the partition)
    are counted in ``skipped`` and not returned. Bad inputs become failures; nothing raises
    for one bad document.
    """
    return process_items(read_refs(inputs, options), options)


def process_items(
    items: Iterable[Article | Failure],
    options: PartitionOptions,
    done: Container[str] | None = None,
) -> PartitionResult:
    """Extract articles already read (the local engine reads as it goes): as
    :func:`process_partition`, with ``done`` (default ``options.done``) the ids to skip."""
    done = options.done if done is None else done
    result = PartitionResult()
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Failure):
            result.failures.append(item)
            continue
        aid = item.id
        if aid in done or aid in seen:
            result.skipped += 1
            continue
        seen.add(aid)
        result.articles.append(item)
    if options.detect_language:
        _tag_languages(result.articles)
    # An article in a language without a pipeline is stored and named in a ``language``
    # failure; the extractor records it as read with no claims, without the model.
    readable = _readable_of(result.articles)
    for art, ok in zip(result.articles, readable, strict=True):
        if not ok:
            result.failures.append(_language_failure(art))
    to_read = [a for a, ok in zip(result.articles, readable, strict=True) if ok]
    if not (options.extract and options.extractor and result.articles):
        return result
    presign(result)
    result.extractor = options.extractor
    result.extracted.extend(a.id for a, ok in zip(result.articles, readable, strict=True) if not ok)
    if not to_read:
        return result

    from backers.batch.extraction import extract_claims
    from backers.nlp import load_pipeline

    nlp = load_pipeline(options.model)
    result.extractor = options.extractor
    try:
        found = extract_claims(
            to_read,
            nlp,
            n_process=options.n_process,
            prefilter=options.prefilter,
            stats=result.filter,
        )
    except Exception as error:  # noqa: BLE001 - one bad batch must not stop a cluster run
        return _extract_one_by_one(result, to_read, nlp, options, error)
    for art, claims in zip(to_read, found, strict=True):
        result.claims.extend(unique_claims(art.id, claims, options.extractor))
        result.extracted.append(art.id)
        result.words += _words(art)
    return result


def _extract_one_by_one(
    result: PartitionResult,
    to_read: list[Article],
    nlp,
    options: PartitionOptions,
    first_error: Exception,
) -> PartitionResult:
    """Extraction of the whole partition failed: read each article alone, so only the
    article that breaks the extractor is lost, recorded as an ``extract`` failure."""
    from backers.batch.extraction import extract_claims

    broken: set[str] = set()
    for art in to_read:
        try:
            (claims,) = extract_claims([art], nlp, prefilter=options.prefilter)
        except Exception as error:  # noqa: BLE001
            result.failures.append(
                Failure(art.source, "extract", "extract-error", f"{type(error).__name__}: {error}")
            )
            broken.add(art.id)
            continue
        result.claims.extend(unique_claims(art.id, claims, options.extractor))
        result.extracted.append(art.id)
        result.words += _words(art)
    result.articles = [a for a in result.articles if a.id not in broken]
    return result


def _tag_languages(articles: list[Article]) -> None:
    """Detect and record each article's language (``meta``), as the readers do when they
    are asked to: the same function, so the stored documents are the same either way."""
    from backers.ingest.language import tag

    for article in articles:
        tag(article)


def _readable_of(articles: list[Article]) -> list[bool]:
    """Which articles are in a language the pipeline reads (all, where language detection
    is not installed)."""
    try:
        from backers.ingest.language import readable
    except ImportError:
        return [True] * len(articles)
    return [readable(a) for a in articles]


def _language_failure(article: Article) -> Failure:
    from backers.ingest.language import not_read_message

    return Failure(article.source, "language", "not-read-language", not_read_message(article))


def _words(article: Article) -> int:
    """Words of the body, the text extraction reads (for throughput figures)."""
    return sum(len(article.text[s:e].split()) for s, e in article.body_spans())
