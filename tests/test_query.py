"""Filters: AND across filters, OR within one; sectors include their descendants."""

from datetime import date

from conftest import agreement, statuses

from kcbilat.status.query import Filters, commitment_filter, descendants, split

COMMITMENTS = """\
- id: ict
  title: ICT strategy dialogue
  description: In Beijing
  sectors: [digital]
  responsible: [kr-msit, cn-miit]
  due: 2026-H2
- id: carbon
  title: Carbon markets
  sectors: [carbon-markets]
  responsible: [kr-mcee, cn-mee]
- id: ministers
  title: Ministers' meeting
  sectors: [climate]
  responsible: [kr-mcee, cn-mee]
  recurs: {every: annual, from: 2026}
"""


def kept(data_dir, **filters):
    root = data_dir([agreement(commitments=COMMITMENTS)])
    rows = statuses(root, date(2026, 11, 28))
    from conftest import load_valid

    data = load_valid(root)
    if "sectors" in filters:
        parents = {s.id: s.parent for s in data.sectors.values()}
        filters["sectors"] = descendants(parents, filters["sectors"])
    keep = commitment_filter(Filters(**filters))
    return sorted(ref.split("/")[1] for ref, row in rows.items() if keep(row))


def test_split_takes_repeated_and_comma_separated_values():
    assert split(["a,b", " c ", ""]) == ["a", "b", "c"]


def test_sector_includes_its_descendants(data_dir):
    assert kept(data_dir, sectors=["climate"]) == ["carbon", "ministers"]
    assert kept(data_dir, sectors=["carbon-markets"]) == ["carbon"]


def test_filters_combine_with_and_values_with_or(data_dir):
    assert kept(data_dir, parties=frozenset({"kr-mcee"})) == ["carbon", "ministers"]
    assert kept(data_dir, parties=frozenset({"kr-mcee"}), kinds=frozenset({"open"})) == ["carbon"]
    assert kept(data_dir, kinds=frozenset({"open", "once"})) == ["carbon", "ict"]
    assert kept(data_dir, statuses=frozenset({"due"})) == ["ict", "ministers"]
    assert kept(data_dir, statuses=frozenset({"due"}), sectors=["digital"]) == ["ict"]


def test_due_before_and_after_are_strict(data_dir):
    assert kept(data_dir, due_before=date(2026, 12, 31)) == []
    assert kept(data_dir, due_before=date(2027, 1, 1)) == ["ict", "ministers"]
    assert kept(data_dir, due_after=date(2026, 12, 30)) == ["ict", "ministers"]
    assert kept(data_dir, due_after=date(2026, 12, 31)) == []


def test_search_looks_in_titles_and_descriptions(data_dir):
    assert kept(data_dir, search="beijing") == ["ict"]
    assert kept(data_dir, search="CARBON") == ["carbon"]
