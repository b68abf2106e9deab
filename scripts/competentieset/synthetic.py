"""Synthetic vocabularies of the same shape as ours, at any size, for `make bench`.

`generate(source, n, target)` writes a complete project folder: pyproject.toml (same base
URI and version), ontology/ with the same files, named graphs and catalog as the source
project, shapes/ and site/ copied when the source has them. Every ontology file is the
source's file verbatim with a synthetic part appended, so the fixed resources (the model,
the catalog, the areas, the FGR family and groups, the publisher, the cited sources) stay
exactly ours, and the competency scheme grows to `n` concepts: competencies with about five
behavioural indicators each, in the same files and with the same properties as the real
ones (nl and en labels and definitions, notations, cs:volgnummer, verbatim-text stand-ins,
areas with an editorial note, ESCO-style skills in extern/ with closeMatch/relatedMatch to
them), every minted URI added to the URI register.

The output is a function of (source files, n, seed) only: the same inputs give
byte-identical files. Nothing here is real content: each appended part says it is
synthetic benchmark data, and the folder is meant to be thrown away after measuring.
"""

from __future__ import annotations

import math
import random
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from competentieset.errors import CompetentiesetError
from competentieset.model.config import Project
from competentieset.model.uris import uuid_of
from competentieset.model.vocabulary import cs, load

DEFAULT_SEED = 20261130
SIZES = {"smoke": 200, "1k": 1_000, "20k": 20_000, "100k": 100_000}
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
# uuid5 namespace for the synthetic ESCO-style skill identifiers (itself a uuid5 of a URL).
_ESCO_NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://w3id.org/competentieset-publieke-leiders/bench")

COPIED_DIRS = ("shapes", "site")
COPIED_FILES = ("mkdocs.yml",)

NOTICE = (
    "# ---------------------------------------------------------------------------\n"
    "# SYNTHETIC BENCHMARK DATA (competentieset.synthetic, n={n}, seed={seed}).\n"
    "# Everything below this line is generated to measure speed at scale; it is not\n"
    "# from any source and must never be published.\n"
    "# ---------------------------------------------------------------------------\n"
)

# Word pairs (nl, en) the labels and sentences are made of.
VERBS = [
    ("Stimuleert", "Encourages"), ("Bewaakt", "Safeguards"), ("Ontwikkelt", "Develops"),
    ("Versterkt", "Strengthens"), ("Verbindt", "Connects"), ("Onderzoekt", "Investigates"),
    ("Organiseert", "Organises"), ("Benut", "Uses"), ("Bevordert", "Promotes"),
    ("Beoordeelt", "Assesses"), ("Vernieuwt", "Renews"), ("Ondersteunt", "Supports"),
    ("Bespreekt", "Discusses"), ("Verbetert", "Improves"), ("Herkent", "Recognises"),
    ("Begeleidt", "Guides"), ("Vertaalt", "Translates"), ("Agendeert", "Puts on the agenda"),
    ("Evalueert", "Evaluates"), ("Borgt", "Secures"), ("Verkent", "Explores"),
    ("Weegt", "Weighs"), ("Deelt", "Shares"), ("Verantwoordt", "Accounts for"),
]
ADJECTIVES = [
    ("strategische", "strategic"), ("gedeelde", "shared"), ("nieuwe", "new"),
    ("maatschappelijke", "societal"), ("bestuurlijke", "administrative"),
    ("digitale", "digital"), ("interne", "internal"), ("externe", "external"),
    ("lange-termijn", "long-term"), ("complexe", "complex"), ("heldere", "clear"),
    ("gezamenlijke", "joint"), ("duurzame", "sustainable"), ("kritische", "critical"),
    ("open", "open"), ("integere", "honest"), ("veilige", "safe"), ("lerende", "learning"),
    ("politieke", "political"), ("internationale", "international"),
]
NOUNS = [
    ("doelen", "goals"), ("netwerken", "networks"), ("afwegingen", "trade-offs"),
    ("belangen", "interests"), ("ontwikkelingen", "developments"), ("teams", "teams"),
    ("risico's", "risks"), ("kansen", "opportunities"), ("samenwerking", "cooperation"),
    ("besluiten", "decisions"), ("opgaven", "tasks"), ("verhoudingen", "relations"),
    ("inzichten", "insights"), ("visies", "visions"), ("prioriteiten", "priorities"),
    ("signalen", "signals"), ("waarden", "values"), ("feedback", "feedback"),
    ("scenario's", "scenarios"), ("resultaten", "results"), ("grenzen", "boundaries"),
    ("verschillen", "differences"), ("processen", "processes"), ("plannen", "plans"),
]
QUALITIES = [
    ("Verbindend", "Connecting"), ("Strategisch", "Strategic"), ("Resultaatgericht", "Result-oriented"),
    ("Analytisch", "Analytical"), ("Lerend", "Learning"), ("Integer", "Honest"),
    ("Wendbaar", "Agile"), ("Vernieuwend", "Innovative"), ("Koersvast", "Steadfast"),
    ("Omgevingsgericht", "Context-oriented"), ("Zorgvuldig", "Careful"), ("Moedig", "Courageous"),
]
ACTIVITIES = [
    ("leidinggeven", "leadership"), ("samenwerken", "collaboration"), ("adviseren", "advising"),
    ("organiseren", "organising"), ("besluiten", "decision-making"), ("communiceren", "communication"),
    ("veranderen", "change"), ("sturen", "steering"), ("onderzoeken", "inquiry"),
    ("verbinden", "bridging"), ("presteren", "performance"), ("reflecteren", "reflection"),
]
CONTEXTS = [
    ("binnen de eigen organisatie", "within your own organisation"),
    ("met partners buiten de organisatie", "with partners outside the organisation"),
    ("in de politiek-bestuurlijke omgeving", "in the political and administrative environment"),
    ("bij onzekerheid en tegenslag", "in uncertainty and adversity"),
    ("in de keten van beleid en uitvoering", "in the chain of policy and implementation"),
    ("in internationale verhoudingen", "in international relations"),
    ("ten dienste van het algemeen belang", "in the service of the public interest"),
    ("in het team", "in the team"),
]
AREAS = [
    "sociaal-communicatief", "intellectueel", "taakgericht", "emotioneel",
    "bestuurlijk-organisatorisch",
]


class SyntheticError(CompetentiesetError):
    """The synthetic project cannot be generated (bad size, unusable source or target)."""


@dataclass(frozen=True)
class Counts:
    """What a generated project holds."""

    concepts: int  # concepts in the competency scheme (competencies + indicators)
    real: int  # of which from the source project
    competencies: int  # synthetic competencies
    indicators: int  # synthetic indicators
    skills: int  # synthetic ESCO-style skills


def plan(n: int, real: int) -> tuple[int, int]:
    """(competencies, indicators) to add so the scheme holds `n` concepts (1 : ~5)."""
    extra = n - real
    if extra < 2:
        raise SyntheticError(
            f"n={n} is too small: the source vocabulary already has {real} concepts in its "
            f"competency scheme; ask for at least {real + 2}"
        )
    competencies = max(1, math.ceil(extra / 6))
    return competencies, extra - competencies


def _lit(text: str, lang: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def _sentence(rng: random.Random, subject: tuple[str, str]) -> tuple[str, str]:
    """One behavioural sentence in nl and en, the same content in both."""
    v, a, o, c = (rng.choice(VERBS), rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(CONTEXTS))
    nl = f"{subject[0]} {v[0].lower()} {a[0]} {o[0]} {c[0]}."
    en = f"{subject[1]} {v[1].lower()} {a[1]} {o[1]} {c[1]}."
    return nl, en


def _text(rng: random.Random, sentences: int) -> tuple[str, str]:
    parts = [_sentence(rng, ("Je", "You")) for _ in range(sentences)]
    return " ".join(p[0] for p in parts), " ".join(p[1] for p in parts)


class _Labels:
    """Unique labels per scheme and language: a clash gets the notation appended."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def unique(self, nl: str, en: str, notation: str) -> tuple[str, str]:
        key = nl.casefold()
        if key in self.seen or en.casefold() in self.seen:
            nl, en = f"{nl} ({notation})", f"{en} ({notation})"
            key = nl.casefold()
        self.seen.add(key)
        self.seen.add(en.casefold())
        return nl, en


def _prefixes(base: str) -> str:
    names = {
        "cs": f"{base}/def/",
        "competentie": f"{base}/id/competentie/",
        "indicator": f"{base}/id/gedragsindicator/",
        "gebied": f"{base}/id/gebied/",
        "kader": f"{base}/id/begrippenkader/",
        "bron": f"{base}/id/bron/",
        "abd": "https://www.algemenebestuursdienst.nl/organisatie/"
               "wat-verwacht-de-rijksoverheid-van-een-publiek-leider/",
        "esco": ESCO_SKILL,
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "dct": "http://purl.org/dc/terms/",
    }
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in names.items()) + "\n"


def _real_concepts(project: Project) -> tuple[int, int]:
    """(concepts in the competency scheme, highest cs:volgnummer of its top concepts)."""
    vocab = load(project)
    scheme = f"{project.base}/id/begrippenkader/competentieset"
    skos = "http://www.w3.org/2004/02/skos/core#"
    total = sum(1 for _ in vocab.query(
        f"SELECT DISTINCT ?c WHERE {{ ?c <{skos}inScheme> <{scheme}> }}"
    ))
    if total == 0:
        raise SyntheticError(f"{project.ontology_dir}: no concepts in {scheme} to build on")
    numbers = [
        int(row["v"].value) for row in vocab.query(
            f"SELECT ?v WHERE {{ ?c <{skos}topConceptOf> <{scheme}> ; "
            f"<{cs(project, 'volgnummer')}> ?v }}"
        )
    ]
    last = max(numbers, default=0)
    return total, last


def generate(source: Project, n: int, target: Path, seed: int = DEFAULT_SEED) -> Counts:
    """Write a synthetic project with `n` concepts in the competency scheme to `target`.

    `target` must not exist or be an empty folder. Raises SyntheticError otherwise.
    """
    if source.base != source.source_base:
        raise SyntheticError("generate from the project as configured (no --base-uri override)")
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SyntheticError(f"{target}: exists and is not an empty folder; pick a new one")
    real, last = _real_concepts(source)
    n_comp, n_ind = plan(n, real)
    n_skills = max(8, n // 20)
    rng = random.Random(f"{seed}:{n}")
    base = source.base

    # Indicators per competency: as even as possible, at least one each.
    per = [n_ind // n_comp + (1 if i < n_ind % n_comp else 0) for i in range(n_comp)]

    parts: dict[str, list[str]] = {
        name: [] for name in ("bron", "redactie", "vertaling", "interpretatie", "mapping", "extern")
    }
    minted: list[str] = []
    labels = _Labels()
    skill_labels = _Labels()

    # ESCO-style skills (extern: English as ESCO words it).
    skills = []
    for i in range(n_skills):
        sid = uuid.uuid5(_ESCO_NS, f"{seed}:{n}:skill:{i}")
        v, o = rng.choice(VERBS), rng.choice(NOUNS)
        en_label, nl_label = f"{v[1].lower()} {o[1]}", f"{o[0]} {v[0].lower()}"
        nl_label, en_label = skill_labels.unique(nl_label, en_label, f"S{i + 1}")
        nl_def, en_def = _text(rng, 1)
        skills.append(f"esco:{sid}")
        # only what ESCO says about its skills (issue 11): no Dutch, no scheme of ours
        parts["extern"].append(
            f"esco:{sid}\n    a skos:Concept ;\n    skos:prefLabel {_lit(en_label, 'en')} ;\n"
            f"    skos:definition {_lit(en_def, 'en')} .\n"
        )

    tops = []
    for k in range(n_comp):
        number = last + 1 + k
        name = f"synthetisch-{number}"
        comp = f"competentie:{name}"
        minted.append(f"{base}/id/competentie/{name}")
        tops.append(comp)
        q, act = rng.choice(QUALITIES), rng.choice(ACTIVITIES)
        nl_label, en_label = labels.unique(f"{q[0]} {act[0]}", f"{q[1]} {act[1]}", str(number))
        nl_def, en_def = _text(rng, 2)
        nl_def, en_def = "Het vermogen: " + nl_def, "The ability: " + en_def
        inds = [f"indicator:{name}-{j + 1}" for j in range(per[k])]
        parts["bron"].append(
            f"{comp}\n    a skos:Concept, cs:Competentie ;\n"
            f"    skos:prefLabel {_lit(nl_label, 'nl')} ;\n"
            f'    skos:notation "{number}" ;\n    cs:volgnummer {number} ;\n'
            f"    skos:inScheme kader:competentieset ;\n"
            f"    skos:topConceptOf kader:competentieset ;\n"
            "    skos:narrower\n        " + ",\n        ".join(inds) + " ;\n"
            "    dct:source abd:competentieset-voor-publieke-leiders .\n"
        )
        parts["redactie"].append(f"{comp}\n    skos:definition {_lit(nl_def, 'nl')} .\n")
        parts["vertaling"].append(
            f"{comp}\n    skos:prefLabel {_lit(en_label, 'en')} ;\n"
            f"    skos:definition {_lit(en_def, 'en')} .\n"
        )
        areas = sorted(rng.sample(AREAS, rng.choice((1, 2))))
        parts["interpretatie"].append(
            f"{comp}\n    cs:raaktGebied " + ", ".join(f"gebied:{a}" for a in areas) + " ;\n"
            "    skos:editorialNote\n"
            "        " + _lit("Synthetische interpretatie voor de benchmark: "
                             + " en ".join(areas) + ".", "nl") + ",\n"
            "        " + _lit("Synthetic interpretation for the benchmark: "
                             + " and ".join(areas) + ".", "en") + " .\n"
        )
        if rng.random() < 0.4:
            parts["mapping"].append(f"{comp}\n    skos:closeMatch {rng.choice(skills)} .\n")
        else:
            targets = sorted(set(rng.sample(skills, rng.choice((1, 2, 3)))))
            parts["mapping"].append(f"{comp}\n    skos:relatedMatch " + ", ".join(targets) + " .\n")
        for j, ind in enumerate(inds, start=1):
            notation = f"{number}.{j}"
            minted.append(f"{base}/id/gedragsindicator/{name}-{j}")
            v, a, o = rng.choice(VERBS), rng.choice(ADJECTIVES), rng.choice(NOUNS)
            nl_label, en_label = labels.unique(
                f"{v[0]} {a[0]} {o[0]}", f"{v[1]} {a[1]} {o[1]}", notation
            )
            nl_text, en_text = _text(rng, rng.choice((2, 3)))
            parts["bron"].append(
                f"{ind}\n    a skos:Concept, cs:Gedragsindicator ;\n"
                f"    cs:bronTekst {_lit(nl_text, 'nl')} ;\n"
                f"    skos:definition {_lit(nl_text, 'nl')} ;\n"
                f'    skos:notation "{notation}" ;\n    cs:volgnummer {j} ;\n'
                f"    skos:broader {comp} ;\n    skos:inScheme kader:competentieset ;\n"
                f"    dct:source abd:competentieset-voor-publieke-leiders .\n"
            )
            parts["redactie"].append(f"{ind}\n    skos:prefLabel {_lit(nl_label, 'nl')} .\n")
            parts["vertaling"].append(
                f"{ind}\n    skos:prefLabel {_lit(en_label, 'en')} ;\n"
                f"    skos:definition {_lit(en_text, 'en')} .\n"
            )
            if rng.random() < 0.2:
                parts["mapping"].append(f"{ind}\n    skos:relatedMatch {rng.choice(skills)} .\n")
    parts["bron"].append(
        "kader:competentieset skos:hasTopConcept\n    " + ",\n    ".join(tops) + " .\n"
    )

    _write_project(source, target, base, parts, minted, n, seed)
    return Counts(concepts=real + n_comp + n_ind, real=real, competencies=n_comp,
                  indicators=n_ind, skills=n_skills)


# Which source file each synthetic part is appended to.
_FILES = {
    "bron": "bron/competentieset.ttl",
    "redactie": "redactie/labels-en-definities.ttl",
    "vertaling": "vertaling/en.ttl",
    "interpretatie": "interpretatie/gebieden-per-competentie.ttl",
    "mapping": "mapping/esco.ttl",
    "extern": "extern/esco.ttl",
}


def _write_project(source: Project, target: Path, base: str, parts: dict[str, list[str]],
                   minted: list[str], n: int, seed: int) -> None:
    target.mkdir(parents=True, exist_ok=True)
    (target / "pyproject.toml").write_text(
        "# A synthetic competentieset project for `make bench` (competentieset.synthetic).\n"
        "[project]\n"
        f'name = "competentieset-synthetisch-{n}"\n'
        f'version = "{source.version}"\n\n'
        "[tool.competentieset]\n"
        f'base-uri = "{source.source_base}"\n',
        encoding="utf-8",
    )
    src, dst = source.ontology_dir, target / "ontology"
    for path in sorted(src.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(src)
        out = dst / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        key = next((k for k, v in _FILES.items() if v == rel.as_posix()), None)
        if rel.as_posix() == "uri-register.txt":
            lines = path.read_text(encoding="utf-8").splitlines()
            header = [line for line in lines if line.startswith("#") or not line.strip()]
            uris = sorted({line.split()[0] for line in lines if line.strip() and not line.startswith("#")}
                          | set(minted))
            out.write_text("\n".join(header + [f"{u} {uuid_of(u)}" for u in uris]) + "\n",
                           encoding="utf-8")
        elif key is not None:
            text = path.read_text(encoding="utf-8")
            if not text.endswith("\n"):
                text += "\n"
            out.write_text(
                text + "\n" + NOTICE.format(n=n, seed=seed) + "\n" + _prefixes(base)
                + "\n".join(parts[key]),
                encoding="utf-8",
            )
        else:
            shutil.copyfile(path, out)
    for name in COPIED_DIRS:
        if (source.root / name).is_dir():
            shutil.copytree(source.root / name, target / name)
    for name in COPIED_FILES:
        if (source.root / name).is_file():
            shutil.copyfile(source.root / name, target / name)



def copy_project(source: Project, target: Path) -> None:
    """Copy a project as it is (pyproject.toml, ontology/, shapes/, site/) to `target`."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SyntheticError(f"{target}: exists and is not an empty folder; pick a new one")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source.root / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(source.ontology_dir, target / "ontology")
    for name in COPIED_DIRS:
        if (source.root / name).is_dir():
            shutil.copytree(source.root / name, target / name)
    for name in COPIED_FILES:
        if (source.root / name).is_file():
            shutil.copyfile(source.root / name, target / name)
