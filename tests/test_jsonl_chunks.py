"""A chunk of a JSON Lines shard reads its own lines: earlier lines are skipped unparsed, numbers kept."""

from __future__ import annotations

import gzip
import json

import pytest

from rasd.errors import RasdError
from rasd.ingest.files import read_jsonl


def _line(n: int) -> str:
    return json.dumps({"id": f"a{n}", "text": f"خبر رقم {n} عن اشتباكات في تعز."}, ensure_ascii=False)


@pytest.mark.parametrize("name", ["shard.jsonl", "shard.jsonl.gz"])
def test_a_chunk_skips_earlier_lines_without_parsing_them(tmp_path, name):
    lines = ["{broken", _line(1), "", "   ", _line(2), _line(3), "{also broken", _line(4)]
    data = ("\n".join(lines) + "\n").encode()
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    whole = list(read_jsonl(path))
    assert [getattr(i, "id", None) or i.code for i in whole] == ["E005", "a1", "a2", "a3", "E005", "a4"]
    chunk = list(read_jsonl(path, 2, 5))  # items 3..5: a2, a3 and the broken line 7
    assert [getattr(i, "id", None) for i in chunk[:2]] == ["a2", "a3"]
    assert isinstance(chunk[2], RasdError) and chunk[2].where.endswith(f"{name}:7")
    assert [i.id for i in read_jsonl(path, 5)] == ["a4"]
