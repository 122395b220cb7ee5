#!/usr/bin/env python3
"""Turns the export of a registry that holds the articles of tests/cli/registry_articles
(and nothing else) into the export of a registry that also holds proposed records, as
extraction would have stored them: parties, people, two agreements, activities, their
sources and mentions, with every span found in the documents' original text. The CLI
tests import it to get proposed records to review, edit, merge and delete.

usage: registry_fixture.py EXPORT.json > FIXTURE.json"""
import json
import sys

NOW = "2023-11-14T22:13:20Z"
exp = json.load(open(sys.argv[1], encoding="utf-8"))
docs = {d["source"].rsplit("/", 1)[-1][:3]: d for d in exp["documents"]}
mentions = []


def span(doc, needle):
    text = docs[doc]["original"].encode("utf-8")
    i = text.find(needle.encode("utf-8"))
    assert i >= 0, (doc, needle)
    return {"start": i, "end": i + len(needle.encode("utf-8"))}


def source(doc, needle, data, rid):
    sp = span(doc, needle)
    return {"document": docs[doc]["id"], "span": sp, "candidate": rid, "confidence": data.get("confidence"),
            "data": data}


def mention(doc, needle, kind, rid, conf=None):
    """One mention per document, kind and span, as extraction stores them."""
    sp = span(doc, needle)
    mid = "men-%s-%s-%d-%d" % (doc, kind, sp["start"], sp["end"])
    assert mid not in [m["id"] for m in mentions], mid
    mentions.append({"id": mid, "document": docs[doc]["id"], "kind": kind, "record": rid, "span": sp,
                     "confidence": conf})


def record(rid, doc, needle, status="proposed", conf=None, **fields):
    sp = span(doc, needle)
    r = {"id": rid}
    r.update(fields)
    r.update({"confidence": conf, "evidence": {"document": docs[doc]["id"], "start": sp["start"], "end": sp["end"]},
              "status": status, "origin": "extracted", "reviewed": False, "merged_into": None,
              "created": NOW, "updated": NOW})
    return r


def party(pid, name, kind, country, parent, doc, needle, aliases=(), gaz=True):
    r = record(pid, doc, needle, status="confirmed" if gaz else "proposed",
               name=name, kind=kind, country=country, parent=parent,
               aliases=sorted(set([name, *aliases])), name_en=None, name_local=None,
               valid_from=None, valid_to=None, successor=None, gazetteer=gaz)
    r["sources"] = [source(doc, needle, {"id": pid, "name": name}, pid)]
    if pid not in ("VN", "LA"):  # countries: parents of the provinces, never named here
        mention(doc, needle, "party", pid)
    return r


parties = [
    party("VN", "Việt Nam", "country", "VN", None, "r01", "Đắk Lắk"),
    party("LA", "Lào", "country", "LA", None, "r01", "Sê Kông"),
    party("VN-DLK", "Đắk Lắk", "province", "VN", "VN", "r01", "Đắk Lắk", ["Daklak"]),
    party("LA-XE", "Sê Kông", "province", "LA", "LA", "r01", "Sê Kông", ["Xê Kông"]),
    party("VN-KTM", "Kon Tum", "province", "VN", "VN", "r03", "Kon Tum"),
    party("LA-AT", "Attapư", "province", "LA", "LA", "r03", "Attapeu", ["Attapeu"]),
    party("org-0000000000000001", "Sở Ngoại vụ tỉnh Đắk Lắk", "organisation", "VN", "VN-DLK", "r01",
          "Sở Ngoại vụ", gaz=False),
]
parties[4].update(valid_to="2025-06-30", successor="VN-QNG", name_en="Kon Tum")
for p in parties:
    if p["gazetteer"] and p["id"] in ("VN", "LA"):
        p["evidence"] = None
        p["sources"] = []

people = []
for pid, name, doc, needle, aliases, title in [
        ("per-0000000000000001", "Nguyễn Văn Hùng", "r01", "Nguyễn Văn Hùng", [], "Phó Chủ tịch UBND tỉnh"),
        ("per-0000000000000002", "Nguyễn V. Hùng", "r02", "Nguyễn V. Hùng", [], "Phó Chủ tịch")]:
    r = record(pid, doc, needle, name=name, aliases=sorted(set([name, *aliases])), titles=[title],
               party="VN-DLK", positions=[{"title": title, "party": "VN-DLK", "document": docs[doc]["id"]}])
    r["sources"] = [source(doc, needle, {"name": name, "party": "VN-DLK"}, pid)]
    mention(doc, needle, "person", pid)
    people.append(r)


def event(rid, kind, doc, needle, conf, **fields):
    r = record(rid, doc, needle, conf=conf, kind=kind, **fields)
    data = {"kind": kind, "confidence": conf}
    r["sources"] = [source(doc, needle, data, rid)]
    mention(doc, needle, "agreement" if rid.startswith("agr") else "activity", rid, conf)
    return r


agreements = [
    event("agr-0000000000000001", "cooperation_agreement", "r01", "đã ký thỏa thuận hợp tác giai đoạn 2021 - 2025",
          0.9, title="Thỏa thuận hợp tác giai đoạn 2021 - 2025",
          parties=[{"id": "LA-XE", "name": "Sê Kông"}, {"id": "VN-DLK", "name": "Đắk Lắk"}],
          signed="2021-06-05", signed_inferred=False, place="Buôn Ma Thuột", term={"from": 2021, "to": 2025},
          fields=["agriculture", "education"], tasks_declared=3,
          tasks=["trao đổi đoàn cấp tỉnh hằng năm", "đào tạo cán bộ và sinh viên", "hỗ trợ kỹ thuật trồng cà phê"],
          match_key="cooperation_agreement|2021-06-05|LA-XE,VN-DLK"),
    event("agr-0000000000000002", "mou", "r03", "ký biên bản ghi nhớ hợp tác giai đoạn 2022 - 2027", 0.8,
          title=None, parties=[{"id": "LA-AT", "name": "Attapư"}, {"id": "VN-KTM", "name": "Kon Tum"}],
          signed="2022-11-03", signed_inferred=False, place=None, term={"from": 2022, "to": 2027},
          fields=["education", "health", "trade"], tasks_declared=None, tasks=[],
          match_key="mou|2022-11-03|LA-AT,VN-KTM"),
]

activities = [
    event("act-0000000000000001", "signing", "r01", "đã ký thỏa thuận hợp tác", 0.7, kinds=["signing"],
          date="2021-06-05", date_inferred=False, place="Buôn Ma Thuột",
          parties=[{"id": "LA-XE", "name": "Sê Kông"}, {"id": "VN-DLK", "name": "Đắk Lắk"}],
          participants=[{"name": "Nguyễn Văn Hùng", "role": "Phó Chủ tịch UBND tỉnh"}], commitments=[],
          fields=["education"], agreement="agr-0000000000000001", tasks=[], summary=None,
          match_key="signing|2021-06-05|LA-XE,VN-DLK"),
    event("act-0000000000000002", "signing", "r02", "ký văn kiện hợp tác", 0.6, kinds=["signing"],
          date="2021-06-05", date_inferred=False, place="Buôn Ma Thuột",
          parties=[{"id": "LA-XE", "name": "Sê Kông"}, {"id": "VN-DLK", "name": "Đắk Lắk"}],
          participants=[{"name": "Nguyễn V. Hùng", "role": "Phó Chủ tịch"}],
          commitments=["mười sinh viên Sê Kông sang học tập"], fields=["education"], agreement=None, tasks=[],
          summary=None, match_key=None),
    event("act-0000000000000003", "visit", "r04", "đến thăm các trường đại học", 0.75, kinds=["visit"],
          date="2022-03-14", date_inferred=False, place=None,
          parties=[{"id": "LA-XE", "name": "Sê Kông"}, {"id": "VN-DLK", "name": "Đắk Lắk"}],
          participants=[], commitments=[], fields=["education"], agreement=None, tasks=[], summary=None,
          match_key="visit|2022-03-14|LA-XE,VN-DLK"),
    event("act-0000000000000004", "visit", "r04", "tham quan một vườn cà phê", 0.3, kinds=["visit"],
          date=None, date_inferred=False, place="Krông Pắc", parties=[{"id": "LA-XE", "name": "Sê Kông"}],
          participants=[], commitments=[], fields=["agriculture"], agreement=None, tasks=[], summary=None,
          match_key=None),
]

exp["parties"] = sorted(parties, key=lambda r: r["id"])
exp["people"] = people
exp["agreements"] = agreements
exp["activities"] = activities
exp["mentions"] = sorted(mentions, key=lambda m: m["id"])
json.dump(exp, sys.stdout, ensure_ascii=False, indent=1)
