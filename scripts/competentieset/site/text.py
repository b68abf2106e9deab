"""The site's own words (headings, labels, explanations) in Dutch and English.

Content comes from the vocabulary; only the words around it live here. Each key has both
languages; `t(lang, key)` raises KeyError for a missing one, so a gap fails the build.
"""

from __future__ import annotations

LANGS = ("nl", "en")
OTHER = {"nl": "en", "en": "nl"}
LANG_NAME = {"nl": "Nederlands", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "home": {"nl": "Home", "en": "Home"},
    "competencies": {"nl": "Competenties", "en": "Competencies"},
    "indicators": {"nl": "Gedragsindicatoren", "en": "Behavioural indicators"},
    "areas": {"nl": "Gebieden", "en": "Areas"},
    "fgr": {"nl": "Functiegebouw Rijk", "en": "Functiegebouw Rijk (job classification)"},
    "fgr_groups": {"nl": "Functiegroepen (Functiegebouw Rijk)", "en": "Job groups (Functiegebouw Rijk)"},
    "schemes": {"nl": "Begrippenkaders", "en": "Concept schemes"},
    "other_resources": {"nl": "Overige bronnen en organisaties", "en": "Other resources and organisations"},
    "hierarchy": {"nl": "Hiërarchie", "en": "Hierarchy"},
    "index": {"nl": "Alfabetische index", "en": "Alphabetical index"},
    "model": {"nl": "Het model", "en": "The model"},
    "rules": {"nl": "Validatieregels", "en": "Validation rules"},
    "releases": {"nl": "Versies", "en": "Releases"},
    "changes": {"nl": "Wijzigingen", "en": "Changes"},
    "developers": {"nl": "Voor ontwikkelaars", "en": "For developers"},
    "stewards": {"nl": "Voor beheerders", "en": "For data stewards"},
    "editorial_page": {"nl": "Bron en redactie", "en": "Source and editorial additions"},
    "browse": {"nl": "Bladeren", "en": "Browse"},
    "about_data": {"nl": "Over de gegevens", "en": "About the data"},
    # page parts
    "labels": {"nl": "Labels", "en": "Labels"},
    "preflabel": {"nl": "Voorkeurslabel", "en": "Preferred label"},
    "altlabel": {"nl": "Alternatief label", "en": "Alternative label"},
    "notation": {"nl": "Nummer", "en": "Number"},
    "definition": {"nl": "Definitie", "en": "Definition"},
    "description": {"nl": "Beschrijving", "en": "Description"},
    "source_text": {"nl": "Brontekst", "en": "Source text"},
    "source_text_intro": {
        "nl": "Letterlijk uit de bron, teken voor teken:",
        "en": "Verbatim from the source (in Dutch), character for character:",
    },
    "translation": {"nl": "Vertaling", "en": "Translation"},
    "broader": {"nl": "Valt onder", "en": "Broader"},
    "narrower": {"nl": "Onderliggend", "en": "Narrower"},
    "in_scheme": {"nl": "In begrippenkader", "en": "In concept scheme"},
    "touches_areas": {"nl": "Raakt de gebieden", "en": "Touches the areas"},
    "touched_by": {"nl": "Competenties die dit gebied raken", "en": "Competencies that touch this area"},
    "fgr_in_profile": {
        "nl": "Genoemd in het kernprofiel van functiegroep",
        "en": "Listed in the core profile of job group",
    },
    "fgr_profile": {"nl": "Competenties uit het kernprofiel", "en": "Core profile competencies"},
    "scales": {"nl": "Salarisschalen", "en": "Salary scales"},
    "esco": {"nl": "Koppelingen naar ESCO", "en": "Links to ESCO"},
    "esco_none": {"nl": "Geen koppeling naar ESCO.", "en": "No link to ESCO."},
    "close_match": {"nl": "komt nauw overeen met", "en": "close match"},
    "related_match": {"nl": "verwant aan", "en": "related match"},
    "exact_match": {"nl": "komt exact overeen met", "en": "exact match"},
    "broad_match": {"nl": "breder dan", "en": "broad match"},
    "narrow_match": {"nl": "smaller dan", "en": "narrow match"},
    "uri": {"nl": "URI", "en": "URI"},
    "uri_intro": {
        "nl": "De persistente identifier; kopieer hem met de knop rechts in het vak.",
        "en": "The persistent identifier; copy it with the button at the right of the box.",
    },
    "base_unregistered": {
        "nl": "Let op: de naamruimte {base}/ is nog niet geregistreerd; tot dan werken de URI's "
              "alleen waar deze publicatie wordt aangeboden.",
        "en": "Note: the namespace {base}/ is not registered yet; until it is, the URIs work "
              "only where this publication is served.",
    },
    "downloads": {"nl": "Downloads", "en": "Downloads"},
    "downloads_intro": {
        "nl": "Dit document in elk formaat:",
        "en": "This document in every format:",
    },
    "version": {"nl": "Versie", "en": "Version"},
    "last_change": {"nl": "Laatste wijziging", "en": "Last change"},
    "source": {"nl": "Bron", "en": "Source"},
    "page_source": {"nl": "Webpagina", "en": "Web page"},
    "deprecated": {
        "nl": "Deze term is verouderd (owl:deprecated) en wordt niet meer gebruikt.",
        "en": "This term is deprecated (owl:deprecated) and no longer in use.",
    },
    "replaced_by": {"nl": "Gebruik in plaats daarvan", "en": "Use instead"},
    "all_statements": {"nl": "Alle gegevens", "en": "All statements"},
    "property": {"nl": "Eigenschap", "en": "Property"},
    "value": {"nl": "Waarde", "en": "Value"},
    "editorial_note": {"nl": "Toelichting van de redactie", "en": "Editors' note"},
    "count_indicators": {"nl": "gedragsindicatoren", "en": "behavioural indicators"},
    "classes": {"nl": "Klassen", "en": "Classes"},
    "properties": {"nl": "Eigenschappen", "en": "Properties"},
    "name_nl": {"nl": "Naam (nl)", "en": "Name (nl)"},
    "name_en": {"nl": "Naam (en)", "en": "Name (en)"},
    "domain": {"nl": "Domein", "en": "Domain"},
    "range": {"nl": "Bereik", "en": "Range"},
    "subclass_of": {"nl": "Subklasse van", "en": "Subclass of"},
    "diagram": {"nl": "Diagram van het model", "en": "Diagram of the model"},
    "diagram_text": {"nl": "Het diagram in woorden", "en": "The diagram in words"},
    "date": {"nl": "Datum", "en": "Date"},
    "current": {"nl": "huidige versie", "en": "current version"},
    "no_changes": {
        "nl": "Voor deze versie is geen wijzigingenlijst beschikbaar in deze bouw.",
        "en": "No list of changes is available for this release in this build.",
    },
    "severity": {"nl": "Ernst", "en": "Severity"},
    "message": {"nl": "Melding", "en": "Message"},
    "shape": {"nl": "Regel", "en": "Rule"},
    "file": {"nl": "Bestand", "en": "File"},
    "no_rules": {
        "nl": "Er staan (nog) geen validatieregels in shapes/.",
        "en": "There are no validation rules in shapes/ (yet).",
    },
    "kind": {"nl": "Soort", "en": "Kind"},
    "editorial_yes": {"nl": "toevoeging van dit project", "en": "addition of this project"},
    "editorial_no": {"nl": "uit een geciteerde bron", "en": "from a cited source"},
    "files": {"nl": "Bestanden", "en": "Files"},
    "from_source": {"nl": "Letterlijk uit de bron", "en": "Verbatim from the source"},
    "own_indicators": {"nl": "Toegevoegd door dit project, niet door de ABD",
                       "en": "Added by this project, not by the ABD"},
    "intro_heading": {"nl": "Wat is de competentieset?", "en": "What is the competency set?"},
    "at_a_glance": {"nl": "De zeven competenties in één oogopslag", "en": "The seven competencies at a glance"},
    "five_areas": {"nl": "De gebieden", "en": "The areas"},
    "fgr_relation": {"nl": "Relatie met het Functiegebouw Rijk", "en": "Relation to the Functiegebouw Rijk"},
    "use_data": {"nl": "De gegevens gebruiken", "en": "Using the data"},
    "whole_vocab": {"nl": "Het hele vocabulaire", "en": "The whole vocabulary"},
    "other_downloads": {"nl": "Verder in de downloadmap", "en": "Also in the download folder"},
    "badge_alignment": {"nl": "Open Badges-alignment", "en": "Open Badges alignment"},
    "badge_alignment_intro": {
        "nl": "Voor wie een badge ontwerpt: neem dit Alignment-object (Open Badges 3.0) op in de "
              "alignment van de badge om deze te koppelen aan dit onderdeel van de competentieset.",
        "en": "For badge designers: put this Alignment object (Open Badges 3.0) into the badge's "
              "alignment to link the badge to this part of the competency set.",
    },
    "import": {"nl": "Importeren in uw systeem", "en": "Import into your system"},
    "switch_language": {"nl": "Deze pagina in het Engels", "en": "This page in Dutch"},
}


# Names of the standard classes our data types its resources with, in the page's language
# (the data gives no labels for other vocabularies' terms; these are UI words of ours).
TYPE_NAMES = {
    "http://www.w3.org/2004/02/skos/core#Concept": {"nl": "Begrip", "en": "Concept"},
    "http://www.w3.org/2004/02/skos/core#ConceptScheme": {"nl": "Begrippenkader", "en": "Concept scheme"},
    "http://www.w3.org/ns/dcat#Dataset": {"nl": "Dataset", "en": "Dataset"},
    "http://xmlns.com/foaf/0.1/Organization": {"nl": "Organisatie", "en": "Organization"},
    "http://xmlns.com/foaf/0.1/Document": {"nl": "Document", "en": "Document"},
    "http://www.w3.org/ns/prov#Agent": {"nl": "Actor", "en": "Agent"},
    "http://www.w3.org/2002/07/owl#Ontology": {"nl": "Ontologie", "en": "Ontology"},
    "http://www.w3.org/2002/07/owl#Class": {"nl": "Klasse", "en": "Class"},
    "http://www.w3.org/2002/07/owl#ObjectProperty": {"nl": "Objecteigenschap", "en": "Object property"},
    "http://www.w3.org/2002/07/owl#DatatypeProperty": {"nl": "Datatype-eigenschap", "en": "Datatype property"},
}


def t(lang: str, key: str) -> str:
    return TEXT[key][lang]
