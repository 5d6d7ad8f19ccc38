"""The extractor version is a hash of its code and data, so any change of behaviour re-reads."""

import shutil

from backers.extract import version


def _version_of(package, monkeypatch) -> str:
    monkeypatch.setattr(version, "PACKAGE", package)
    version.extractor_version.cache_clear()
    try:
        return version.extractor_version()
    finally:
        version.extractor_version.cache_clear()


def test_version_covers_code_data_and_pipeline_set_up():
    names = {p.relative_to(version.PACKAGE).as_posix() for p in version.source_files()}
    assert "extract/events.py" in names
    assert "data/lexicon.yaml" in names
    assert "nlp/gazetteer.py" in names
    assert not any(n.startswith(("serve/", "store/", "fuse/")) for n in names)


def test_version_changes_with_a_data_file_and_not_otherwise(tmp_path, monkeypatch):
    for folder in ("extract", "nlp", "data"):
        shutil.copytree(version.PACKAGE / folder, tmp_path / folder)
    first = _version_of(tmp_path, monkeypatch)
    assert first == _version_of(tmp_path, monkeypatch)
    assert first.startswith("rules-")
    lexicon = tmp_path / "data" / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text() + "\n# one more comment\n")
    assert _version_of(tmp_path, monkeypatch) != first


def test_the_extractor_stamps_claims_with_the_computed_version():
    from backers.extract import EXTRACTOR_VERSION

    assert EXTRACTOR_VERSION == version.extractor_version()
