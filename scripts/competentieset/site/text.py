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
    "split_list": {"nl": "Deze lijst telt {count} items en staat verdeeld over {parts} pagina's:",
                   "en": "This list has {count} entries, split over {parts} pages:"},
    "part_of": {"nl": "deel {n} van {m}", "en": "part {n} of {m}"},
    "narrower_listed": {"nl": "De {count} begrippen daaronder staan in de", "en": "The {count} concepts below them are in the"},
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
    "intro_heading": {"nl": "Wat is de competentieset?", "en": "What is the competency framework?"},
    # issue 11: who says what, and what the source does not say
    "summary_editors": {"nl": "Samenvatting door de redactie", "en": "Summary by the editors"},
    "hiddenlabel": {"nl": "Woordvorm in de bron (zoekterm)", "en": "Word form in the source (search term)"},
    "weighing": {"nl": "Welke competenties het zwaarst wegen", "en": "Which competencies weigh most"},
    "no_levels": {
        "nl": "De bron definieert geen niveaus, normen of wegingen: niet per competentie, niet "
              "per functie en niet per schaal. Deze publicatie voegt er ook geen toe.",
        "en": "The source defines no levels, norms or weights: not per competency, not per "
              "position and not per salary scale. This publication adds none either.",
    },
    "fgr_scope": {
        "nl": "Voor wie geldt de set? De competentieset is geschreven voor publieke leiders. De "
              "Algemene Bestuursdienst (ABD) is de groep publieke leiders in de rijksoverheid "
              "vanaf schaal 15. In het Functiegebouw Rijk zijn de zeven competenties alleen "
              "gekoppeld aan het kernprofiel van functiegroep Topmanager (schaal 16 tot en met "
              "18). Voor de andere functiegroepen noemen de bronnen geen competenties uit deze "
              "set: een manager in bijvoorbeeld schaal 9 kan niet uit deze pagina afleiden dat de "
              "set voor hem of haar geldt.",
        "en": "Who is the framework for? The competency framework is written for public leaders. "
              "The Algemene Bestuursdienst (ABD) is the group of public leaders in the Dutch "
              "central government from salary scale 15 upwards. In the Functiegebouw Rijk the "
              "seven competencies are tied only to the core profile of job group Topmanager "
              "(salary scales 16 to 18). For the other job groups the sources list no "
              "competencies of this framework: a manager in, say, salary scale 9 cannot conclude "
              "from this page that the framework applies to them.",
    },
    "not_stated": {"nl": "niet vermeld in de bronnen", "en": "not stated in the sources"},
    "value_marks": {"nl": "Van wie is elke tekst?", "en": "Whose is each text?"},
    "value_marks_text": {
        "nl": "Elke weergave van een resource (HTML, Turtle, JSON-LD, RDF/XML, N-Triples, JSON, "
              "CSV) zegt bij elke tekstwaarde of die van de ABD is of van de redactie. In RDF "
              "noemt cs:redactioneleWaarde per resource de eigenschappen (met taal) waarvan alle "
              "waarden toevoegingen van de redactie zijn, bijvoorbeeld \"skos:definition@nl\" of "
              "\"skos:notation\"; een tekst waarvan de eigenschap daar niet genoemd wordt, komt "
              "uit de geciteerde bron (dct:source). In JSON noemt \"editorial\" dezelfde sleutels, "
              "in CSV de kolom \"editorial\" dezelfde kolommen. De nummers (1, 1.1, G1, ...) zijn "
              "ook van de redactie: de bron nummert niet.",
        "en": "Every representation of a resource (HTML, Turtle, JSON-LD, RDF/XML, N-Triples, JSON, "
              "CSV) says for each text value whether it is the ABD's or the editors'. In RDF, "
              "cs:redactioneleWaarde on each resource names the properties (with language) all of "
              "whose values are the editors' additions, for example \"skos:definition@nl\" or "
              "\"skos:notation\"; a text whose property is not named there comes from the cited "
              "source (dct:source). In JSON, \"editorial\" names the same keys; in CSV, the "
              "column \"editorial\" names the same columns. The numbers (1, 1.1, G1, ...) are the "
              "editors' too: the source does not number.",
    },
    "rights_heading": {"nl": "Licentie en rechten per deel", "en": "Licence and rights per part"},
    "rights_text": {
        "nl": "De tekst van de ABD is van de ABD en wordt hergebruikt met bronvermelding; de bron "
              "vermeldt geen licentie en deze publicatie kent er geen toe. De ESCO-teksten zijn van "
              "de Europese Commissie (ESCO 1.2.0), hergebruik met bronvermelding. Voor de "
              "toevoegingen van de redactie geldt CC BY 4.0, de keuze van de redactie. Elke "
              "resource noemt met dct:rights (in JSON \"rights\", in CSV de kolom \"rights\") de "
              "rechten van de delen die haar beschrijven.",
        "en": "The ABD's text is the ABD's and is reused with attribution; the source states no "
              "licence and this publication asserts none. The ESCO texts are the European "
              "Commission's (ESCO 1.2.0), reuse with attribution. The editors' additions are "
              "under CC BY 4.0, the editors' choice. Every resource names, with dct:rights (in "
              "JSON \"rights\", in CSV the column \"rights\"), the rights of the parts that "
              "describe it.",
    },
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
