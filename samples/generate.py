#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# Generates the sample batch samples/metrics.json and samples/survey.json
# (shared spec: input-format.md, formats partnerreview-metrics/1 and
# partnerreview-survey/1).
#
# Run from the repo root:
#
#     python3 samples/generate.py
#
# Python 3 standard library only. The random seed is fixed, so every run writes
# byte-identical files. The JSON files are committed; this script exists to
# regenerate them after a deliberate change. samples/README.md lists which
# partner shows which situation: keep it in sync when changing the partners below.
# The script validates its own output (asserts) before writing anything.

import datetime
import json
import os
import random
import re
import unicodedata

SEED = 20260930
rng = random.Random(SEED)

HERE = os.path.dirname(os.path.abspath(__file__))
PERIODS = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
REVIEW = "2026-Q3"

# Revenue of each quarter relative to 2026-Q3 (oldest first).
TRENDS = {
    "up": [0.80, 0.87, 0.94, 1.0],
    "down": [1.24, 1.15, 1.07, 1.0],
    "flat": [1.00, 0.97, 1.02, 1.0],
    "collapse": [2.70, 2.15, 1.55, 1.0],
    "new": [None, None, 0.58, 1.0],
}

VENDOR = {
    "name": "Hohenfels Werkzeugmaschinen GmbH",
    "channel_manager": {
        "name": "Katrin Hübner",
        "email": "k.huebner@hohenfels-wzm.example",
        "phone": "+49 7121 948-230",
    },
}

# ---------------------------------------------------------------------------
# The partners. rev = revenue 2026-Q3 (USD), att = attainment 2026-Q3
# (revenue / target), deal = average deal size, leads = "normal" | "poor",
# follow = "normal" | "lazy" (few leads followed up).
# survey: per wave either None (no response) or a dict:
#   mood     general satisfaction 1..5
#   n        number of respondents (default: by team size)
#   over     question id -> (lo, hi) forced score range
#   notes    list of (comment, wish) per respondent (None = nothing written)
#   nulls    list of (respondent index, question id) answered "keine Angabe"
#   anon     respondent index that gave no name
# ---------------------------------------------------------------------------
P = []


def partner(**kw):
    P.append(kw)


# --- the top 20 % (6 of 30): about 80 % of revenue ---------------------------
partner(
    id="US-TX-002", name="Lone Star Machine Tools & Automation LLC",
    region="Texas", tier="Gold", since="2009-03-01", domain="lonestar-mta.example",
    contact=("Herr", "Robert Delgado"),
    team=["José Hernández", "Ashley Carter", "Wei Zhang (张伟)", "Brandon Mitchell",
          "Marisol Peña"],
    rev=2350000, att=1.12, trend="up", deal=165000, conflicts=[1, 0, 1, 0],
    survey={
        "2026-Q2": {"mood": 4, "n": 3,
                    "notes": [("Die Zusammenarbeit mit dem Innendienst in Deutschland klappt "
                               "sehr gut, Anfragen werden meist am selben Tag beantwortet.",
                               "Zweite Demomaschine für den Showroom in Dallas"), None, None]},
        "2026-Q3": {"mood": 5, "n": 3,
                    "notes": [("Die Schulung „Fünfachs-Bearbeitung“ in Houston war hervorragend "
                               "– bitte mehr davon.",
                               "Gemeinsamer Stand auf der IMTS in Chicago"),
                              (None, "Mehr Fallstudien von US-Kunden aus der Öl- und Gasindustrie"),
                              None]},
    },
)
partner(
    id="US-IL-003",
    name="Great Lakes Precision Machinery Distribution, Service & Application "
         "Engineering Holdings Inc.",
    region="Illinois", tier="Gold", since="2011-06-15", domain="greatlakes-pmd.example",
    contact=("Frau", "Susan Kowalski"),
    team=["Łukasz Nowak", "Megan Sullivan", "Kevin O'Donnell", "Priya Raman"],
    joined={"Priya Raman": "2026-Q2"},
    rev=1850000, att=0.94, trend="flat", deal=140000, conflicts=[1, 1, 0, 1],
    survey={
        "2026-Q2": {"mood": 4, "n": 2,
                    "notes": [("Die Preisliste gibt es nur in € – für unsere Angebote brauchen "
                               "wir eine USD-Liste mit festen Wechselkursen.", "Preisliste in USD"),
                              None]},
        "2026-Q3": {"mood": 4, "n": 3, "nulls": [(1, "recommend")],
                    "notes": [("Die USD-Preisliste ist da, danke. Die Lieferzeiten für "
                               "Sonderausstattungen bleiben aber schwer planbar.", None),
                              None, None]},
    },
)
partner(
    id="US-OH-005", name="Buckeye Fabrication Equipment Co.",
    region="Ohio", tier="Gold", since="2012-01-10", domain="buckeye-fab.example",
    contact=("Herr", "Daniel Brooks"),
    team=["Zoë O'Brien", "Tyler Jenkins", "Thomas Müller", "Rachel Stein"],
    rev=1600000, att=0.88, trend="flat", deal=130000, conflicts=[4, 5, 7, 6],
    survey={
        "2026-Q2": {"mood": 3, "n": 2, "over": {"channel_conflict": (1, 2)},
                    "notes": [("Die Abstimmung mit dem Direktvertrieb bei Großkunden muss "
                               "klarer werden.",
                               "Verbindliche Kundenschutzliste mit Projektregistrierung"),
                              None]},
        "2026-Q3": {"mood": 3, "n": 3, "over": {"channel_conflict": (1, 2)},
                    "notes": [("Schon wieder hat Ihr Direktvertrieb bei einem unserer "
                               "Bestandskunden angeboten – diesmal 8 % unter unserem Preis.",
                               "Verbindliche Kundenschutzliste mit Projektregistrierung"),
                              ("Bei zwei Ausschreibungen in Cleveland standen wir gegen Ihren "
                               "eigenen Außendienst. Das versteht kein Kunde.", None),
                              None]},
    },
)
partner(
    id="US-CA-014", name="Pacific Industrial Supply Inc.",
    region="Kalifornien", tier="Gold", since="2019-04-01", domain="pacific-industrial.example",
    contact=("Herr", "Michael Torres"),
    team=["Jennifer Walsh", "David Kim", "Sinéad Kelly"],
    rev=1250000, att=0.83, trend="flat", deal=150000, leads="poor", conflicts=[0, 1, 0, 1],
    survey={
        "2026-Q2": {"mood": 3, "n": 2, "over": {"lead_volume": (2, 2)},
                    "notes": [("Zu wenige Leads aus dem Raum San Diego.",
                               "Gemeinsame Messeauftritte"), None]},
        "2026-Q3": {"mood": 3, "n": 2, "over": {"lead_volume": (2, 2)},
                    "notes": [("Weiterhin kaum Leads aus Südkalifornien; die Kontakte von der "
                               "Messe in Anaheim kamen erst nach sechs Wochen bei uns an.",
                               "Leads direkt ins CRM statt per E-Mail"),
                              None]},
    },
)
partner(
    id="US-PA-001", name="Keystone Metalworking Supply Inc.",
    region="Pennsylvania", tier="Gold", since="2008-09-01", domain="keystone-metal.example",
    contact=("Frau", "Karen Novak"),
    team=["François Dubois", "Jessica Reilly", "Mark Henderson"],
    rev=1050000, att=0.78, trend="down", deal=120000,
    order=["2026-Q3", "2026-Q1", "2025-Q4", "2026-Q2"], conflicts=[0, 1, 1, 0],
    survey={
        "2026-Q2": {"mood": 4, "n": 2,
                    "notes": [("Die Marketingmittel werden zu spät freigegeben; die Kampagne "
                               "für die Frühjahrsmesse lief ohne Ihre Unterstützung.",
                               "Co-Marketing-Budget für regionale Fachmessen"), None]},
        "2026-Q3": {"mood": 3, "n": 2, "over": {"marketing": (2, 2)},
                    "notes": [("Unsere Angebote sind gegenüber asiatischen Wettbewerbern "
                               "preislich kaum noch durchsetzbar.",
                               "Co-Marketing-Budget für regionale Fachmessen"),
                              ("Marketing-Unterstützung weiterhin schwach.", None)]},
    },
)
partner(
    id="US-MI-004", name="Wolverine CNC Solutions LLC",
    region="Michigan", tier="Gold", since="2014-05-20", domain="wolverine-cnc.example",
    contact=("Herr", "Steven Kowalczyk"),
    team=["Søren Andersen", "Nicole Bennett", "Jason Wright"],
    rev=1000000, att=0.91, trend="flat", deal=125000,
    tickets=[28, 33, 37, 41], conflicts=[0, 0, 1, 0],
    survey={
        "2026-Q2": {"mood": 3, "n": 2, "over": {"vendor_service": (1, 2)},
                    "notes": [("Ersatzteile kommen zu spät – Kunden warten teils drei Wochen.",
                               "Ersatzteillager in den USA"), None]},
        "2026-Q3": {"mood": 3, "n": 3, "over": {"vendor_service": (1, 2)},
                    "notes": [("Spindel-Ersatzteile haben weiterhin drei bis vier Wochen "
                               "Lieferzeit; zwei Kunden drohen mit dem Wechsel zum Wettbewerb.",
                               "Konsignationslager für Verschleißteile bei uns"),
                              ("Die Service-Hotline ist nachmittags (US-Zeit) nicht erreichbar.",
                               "Ein fester Ansprechpartner im Service"),
                              None]},
    },
)

# --- the long tail (24 of 30) -----------------------------------------------
partner(
    id="US-GA-010", name="Peachtree Machinery Partners Inc.",
    region="Georgia", tier="Silber", since="2016-08-01", domain="peachtree-mp.example",
    contact=None, team=["Brittany Coleman", "Marcus Johnson"],
    rev=310000, att=1.18, trend="up", deal=55000,
    survey={"2026-Q2": None,
            "2026-Q3": {"mood": 4, "n": 1,
                        "notes": [("Die neue Maschinengeneration verkauft sich gut; die "
                                   "Vorführmaschine hat sich bereits bezahlt gemacht.", None)]}},
)
partner(
    id="US-WA-013", name="Cascade Tool & Die Supply Co.",
    region="Washington", tier="Silber", since="2015-03-15", domain="cascade-tds.example",
    contact=(None, "Alex Morgan"), team=["Ingrid Sørensen", "Ryan Park"],
    rev=270000, att=1.07, trend="up", deal=45000,
    survey={"2026-Q2": {"mood": 3, "n": 2}, "2026-Q3": {"mood": 4, "n": 2}},
)
partner(
    id="US-NC-016", name="Piedmont Industrial Equipment LLC",
    region="Nord-Carolina", tier="Silber", since="2017-11-01", domain="piedmont-ie.example",
    contact=("Frau", "Heather Lawson"), team=["Raúl Jiménez", "Amanda Foster"],
    rev=240000, att=0.81, trend="flat", deal=40000, engagement=None,
    survey={"2026-Q2": {"mood": 3}, "2026-Q3": {"mood": 3}},
)
partner(
    id="US-WI-008", name="Schäfer Industrial Supply Corp.",
    region="Wisconsin", tier="Silber", since="2013-02-01", domain="schaefer-supply.example",
    contact=("Herr", "Martin Schäfer"), team=["Björn Lindqvist", "Emily Hoffmann"],
    rev=205000, att=0.96, trend="up", deal=41000, cert=[0, 1, 2, 2],
    survey={
        "2026-Q2": {"mood": 3, "n": 2, "over": {"training": (2, 2)},
                    "notes": [("Die Zertifizierungskurse finden nur in Deutschland statt – für "
                               "unsere Techniker ist das kaum machbar.",
                               "Schulungen vor Ort in den USA"), None]},
        "2026-Q3": {"mood": 4, "n": 2, "over": {"training": (4, 4)},
                    "notes": [("Danke für die neuen Online-Schulungen, das hilft uns sehr.",
                               None), None]},
    },
)
partner(
    id="US-FL-006", name="Gómez Industrial Supply",
    region="Florida", tier="Silber", since="2016-04-01", domain="gomez-industrial.example",
    contact=("Herr", "Alejandro Gómez"), team=["Valentina Ríos", "Chris Palmer"],
    rev=165000, att=1.05, trend="up", deal=33000,
    survey={
        "2026-Q2": {"mood": 3, "n": 2, "over": {"lead_quality": (2, 2)},
                    "notes": [("Viele Leads sind Privatpersonen oder Studenten – kaum echte "
                               "Projekte.", "Vorqualifizierte Leads mit Budgetangabe"), None]},
        "2026-Q3": {"mood": 4, "n": 2, "over": {"lead_quality": (4, 4)},
                    "notes": [("Die Lead-Qualifizierung durch Ihr Inside-Sales-Team hat sich "
                               "deutlich verbessert.", None), None]},
    },
)
partner(
    id="US-NY-019", name="Empire Machine Tool Sales Corp.",
    region="New York", tier="Silber", since="2010-11-01", domain="empire-mts.example",
    contact=("Frau", "Rebecca Goldberg"),
    team=["Dmitri Sokolov", "Aaliyah Brooks", "Siobhán O'Connor"],
    rev=150000, att=0.86, trend="flat", deal=37000,
    survey={"2026-Q2": {"mood": 4}, "2026-Q3": {"mood": 4}},
)
partner(
    id="US-MA-026", name="Bay State Precision Machinery Inc.",
    region="Massachusetts", tier="Silber", since="2012-07-01", domain="baystate-pm.example",
    contact=("Frau", "Elizabeth Walsh"), team=["Noémie Tremblay", "Connor Fitzgerald"],
    rev=128000, att=0.79, trend="down", deal=32000,
    survey={"2026-Q2": {"mood": 3}, "2026-Q3": {"mood": 3}},
)
partner(
    id="US-NJ-012", name="Garden State Tooling Co.",
    region=None, tier=None, since="2020-01-15", domain="gardenstate-tooling.example",
    contact=("Herr", "Anthony Russo"), team=["Gianna Russo", "Victor Almeida"],
    rev=96000, att=0.88, trend="flat", deal=24000,
    survey={"2026-Q2": {"mood": 3, "n": 1, "nulls": [(0, "marketing")]},
            "2026-Q3": {"mood": 3}},
)
partner(
    id="US-IN-022", name="Hoosier Machinery & Tooling Co.",
    region="Indiana", tier="Bronze", since="2015-08-15", domain="hoosier-mt.example",
    contact=("Herr", "Greg Adams"), team=["Jürgen Vogel", "Kyle Brennan"],
    rev=88000, att=0.92, trend="flat", deal=22000,
    survey={"2026-Q2": {"mood": 4, "n": 1},
            "2026-Q3": {"mood": 4, "n": 2, "anon": 1}},
)
partner(
    id="US-MN-017", name="North Star Equipment Distributors Inc.",
    region="Minnesota", tier="Bronze", since="2017-05-01", domain="northstar-ed.example",
    contact=("Herr", "Erik Johansson"), team=["Lars Peterson", "Kayla Schmidt"],
    rev=85000, att=0.97, trend="up", deal=21000,
    missing={"2025-Q4": ["leads_received", "leads_followed_up", "pipeline"],
             "2026-Q1": ["leads_received", "leads_followed_up"],
             "2026-Q2": ["pipeline"]},
    survey={"2026-Q2": {"mood": 4}, "2026-Q3": {"mood": 4}},
)
partner(
    id="US-CA-031", name="Inland Empire Machine Tools Inc.",
    region="Kalifornien", tier="Bronze", since="2021-01-15", domain="inlandempire-mt.example",
    contact=("Herr", "Ricardo Morales"), team=["Ximena Torres", "Hyun-woo Cho"],
    rev=76000, att=0.69, trend="down", deal=25000,
    survey={"2026-Q2": {"mood": 3}, "2026-Q3": {"mood": 3}},
)
partner(
    id="US-SC-021", name="Palmetto Precision Tools Inc.",
    region="Süd-Carolina", tier="Bronze", since="2020-06-01", domain="palmetto-pt.example",
    contact=("Frau", "Tiffany Grant"), team=["Jamal Washington", "Chloé Martin"],
    rev=71000, att=1.21, trend="up", deal=18000,
    survey={"2026-Q2": {"mood": 4}, "2026-Q3": {"mood": 5}},
)
partner(
    id="US-CT-029", name="Nutmeg Industrial Products Inc.",
    region="Connecticut", tier="Bronze", since="2018-01-15", domain="nutmeg-ip.example",
    contact=("Frau", "Jennifer DeLuca"), team=["Giulia Romano", "Ethan Shapiro"],
    rev=67000, att=1.02, trend="flat", deal=22000,
    survey={"2026-Q2": {"mood": 4}, "2026-Q3": {"mood": 4}},
)
partner(
    id="US-TN-020", name="Volunteer Industrial Supply LLC",
    region="Tennessee", tier="Bronze", since="2018-03-01", domain="volunteer-is.example",
    contact=("Herr", "Cody Hamilton"), team=["Hannah Brewer"],
    rev=62000, att=0.64, trend="down", deal=26000, leads="poor",
    survey={
        "2026-Q2": {"mood": 3, "n": 1, "over": {"lead_volume": (1, 2)},
                    "notes": [("Aus Tennessee kommen praktisch keine Leads – alles geht nach "
                               "Atlanta oder Nashville an andere Partner.", None)]},
        "2026-Q3": {"mood": 3, "n": 2, "over": {"lead_volume": (1, 1)}},
    },
)
partner(
    id="US-AZ-011", name="Desert <Tools> & Parts LLC",
    region="Arizona", tier="Bronze", since="2018-07-01", domain="desert-tools.example",
    contact=("Herr", "Carlos Ruiz"), team=["Renée Martin", "Jacob Lee"],
    rev=58000, att=0.72, trend="flat", deal=24000, leads="poor",
    order=["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4"],
    survey={
        "2026-Q2": {"mood": 3, "n": 1, "over": {"lead_volume": (1, 2)},
                    "notes": [("Zu wenige Leads – im letzten Quartal waren es genau vier.",
                               "Mehr Leads aus Phoenix und Tucson")]},
        "2026-Q3": {"mood": 3, "n": 2, "over": {"lead_volume": (1, 2)},
                    "notes": [("Im Partnerportal stehen in den Produkttexten lauter <b>-Tags – "
                               "so können wir die Texte nicht an Kunden weitergeben.",
                               "Produkttexte als Word- oder Textdatei"), None]},
    },
)
partner(
    id="US-MO-023", name="Gateway Industrial Solutions LLC",
    region="Missouri", tier="Bronze", since="2019-02-01", domain="gateway-is.example",
    contact=("Herr", "Patrick Flynn"), team=["Olivia Reyes", "Nathan Cole"],
    rev=54000, att=0.58, trend="down", deal=18000,
    survey={"2026-Q2": {"mood": 3}, "2026-Q3": {"mood": 3}},
)
partner(
    id="US-LA-030", name="Bayou Machinery & Supply Co.",
    region="Louisiana", tier="Bronze", since="2017-03-01", domain="bayou-ms.example",
    contact=("Herr", "Beau Thibodeaux"), team=["Amélie Boudreaux", "Darnell Price"],
    rev=52000, att=0.83, trend="flat", deal=17000,
    survey={"2026-Q2": {"mood": 3}, "2026-Q3": {"mood": 4}},
)
partner(
    id="US-OR-015", name="Willamette Valley Machine Works",
    region="Oregon", tier="Bronze", since="2019-09-01", domain="willamette-mw.example",
    contact=("Frau", "Megan Holt"), team=None,
    rev=47500.5, att=0.95, trend="flat", deal=16000,
    missing={"2025-Q4": ["leads_received", "leads_followed_up", "deals_won", "pipeline",
                         "certified_reps", "service_tickets", "channel_conflicts"]},
    survey={"2026-Q2": {"mood": 4, "n": 1},
            "2026-Q3": {"mood": 4, "n": 1, "nulls": [(0, "lead_quality")]}},
)
partner(
    id="US-VA-027", name="Old Dominion Tool Supply Co.",
    region="Virginia", tier="Bronze", since="2016-12-01", domain="olddominion-ts.example",
    contact=("Herr", "William Harris"), team=["Kwame Mensah"],
    rev=44000, att=0.90, trend="flat", deal=15000,
    survey={"2026-Q2": {"mood": 4}, "2026-Q3": {"mood": 4}},
)
partner(
    id="US-TX-007", name="Gulf Coast Machinery Sales Inc.",
    region="Texas", tier="Bronze", since="2014-10-01", domain="gulfcoast-ms.example",
    contact=("Herr", "Wayne Tucker"), team=["Dustin Harper", "Crystal Nguyen"],
    rev=42000, att=0.42, trend="collapse", deal=21000, follow="lazy",
    engagement={"onsite_visit_accepted": False, "last_meeting": "2026-02-11",
                "meetings_declined": 3},
    survey={
        "2026-Q2": {"mood": 2, "n": 1,
                    "over": {"lead_volume": (3, 3), "lead_quality": (2, 2),
                             "vendor_service": (3, 3), "channel_conflict": (3, 3),
                             "training": (2, 2), "marketing": (2, 2), "overall": (2, 2)},
                    "notes": [("Wir überlegen, die Linie eines Wettbewerbers aufzunehmen – die "
                               "Margen reichen nicht mehr.", None)]},
        "2026-Q3": None,
    },
)
partner(
    id="US-CO-018", name="Front Range Machine Supply LLC",
    region="Colorado", tier="Bronze", since="2026-02-15", domain="frontrange-ms.example",
    contact=("Frau", "Lauren Fischer"), team=["Tanner Wolfe"],
    rev=38000, att=0.76, trend="new", deal=19000, cert=[None, None, 0, 1],
    conflicts=[None, None, 0, 0],
    engagement={"onsite_visit_accepted": True, "last_meeting": "2026-08-20",
                "meetings_declined": 0},
    survey={"2026-Q2": None,
            "2026-Q3": {"mood": 4, "n": 1, "nulls": [(0, "training"), (0, "channel_conflict")],
                        "notes": [("Der Start verlief gut; die Einarbeitung durch Ihren "
                                   "Gebietsleiter war sehr hilfreich.",
                                   "Demomaschine auf Leihbasis")]}},
)
partner(
    id="US-NV-024", name="Silver State Machine Supply Inc.",
    region="Nevada", tier="Bronze", since="2021-04-01", domain="silverstate-ms.example",
    contact=("Frau", "Diana Castillo"), team=["Mateo Álvarez"],
    rev=33000, att=0.55, trend="down", deal=16000,
    engagement={"onsite_visit_accepted": True, "last_meeting": "2026-04-28",
                "meetings_declined": 0},
    missing={"2026-Q3": ["pipeline"]},
    survey={"2026-Q2": {"mood": 3}, "2026-Q3": {"mood": 3}},
)
partner(
    id="US-UT-025", name="Wasatch Fabrication Equipment LLC",
    region="Utah", tier="Bronze", since="2022-09-01", domain="wasatch-fe.example",
    contact=("Herr", "Jared Christensen"), team=["Spencer Hale"],
    rev=29000, att=1.09, trend="up", deal=14500,
    survey={"2026-Q2": {"mood": 4}, "2026-Q3": {"mood": 4}},
)
partner(
    id="US-KY-028", name="Bluegrass Machine Tools LLC",
    region="Kentucky", tier="Bronze", since="2020-10-01", domain="bluegrass-mt.example",
    contact=("Herr", "Travis Miller"), team=["Savannah Cole"],
    rev=24000, att=0.48, trend="down", deal=12000, follow="lazy",
    engagement={"onsite_visit_accepted": True, "last_meeting": "2026-05-12",
                "meetings_declined": 1},
    survey={"2026-Q2": {"mood": 3}, "2026-Q3": {"mood": 2}},
)

# ---------------------------------------------------------------------------
# Generic comment and wish pools (used for partners without hand-written notes).
# ---------------------------------------------------------------------------
POS = [
    "Sehr gute Unterstützung bei der Inbetriebnahme durch Ihren Anwendungstechniker.",
    "Die Webinare zu den neuen Steuerungen sind praxisnah – weiter so!",
    "Angebote für Standardmaschinen kommen inzwischen innerhalb von zwei Tagen, das ist gut.",
    "Die gemeinsame Hausmesse im Frühjahr hat uns drei neue Kunden gebracht.",
    "Ihr Gebietsleiter ist gut erreichbar und kennt unsere Kunden.",
]
NEU = [
    "Das „Partner-Portal“ ist unübersichtlich; wir finden die aktuellen Datenblätter oft nicht.",
    "Die Marketingmaterialien sind gut, aber fast nur auf Deutsch oder in britischem Englisch.",
    "Die Provisionsabrechnung kommt regelmäßig mit zwei Monaten Verspätung.",
    "Wir würden gern mehr gemeinsame Kundenbesuche machen, gerade bei größeren Projekten.",
    "Lieferzeiten für Standardmaschinen sind in Ordnung, bei Sonderausstattungen aber schwer "
    "planbar.",
    "Maßblätter und Fundamentpläne bitte auch in Zoll (inch) bereitstellen.",
]
NEG = [
    "Die Frachtkosten ab Hamburg sind stark gestiegen; das schmälert unsere Marge erheblich.",
    "Seit dem Wechsel des Gebietsverantwortlichen fehlt uns ein fester Ansprechpartner.",
    "Die Rabattstaffel lohnt sich für kleinere Partner wie uns kaum noch.",
]
WISHES = [
    "Demomaschine auf Leihbasis",
    "Mehr Fallstudien von US-Kunden",
    "Schnellere Angebotserstellung für Sondermaschinen",
    "Co-Marketing-Budget für regionale Fachmessen",
    "Leads direkt ins CRM statt per E-Mail",
    "Technische Hotline bis 17 Uhr Westküstenzeit",
    "Kürzere Zahlungsziele bei Provisionen",
]
for pool in (POS, NEU, NEG, WISHES):
    rng.shuffle(pool)

QUESTIONS = [
    {"id": "lead_volume", "topic": "leads",
     "text": "Wie zufrieden sind Sie mit der Anzahl der Leads?"},
    {"id": "lead_quality", "topic": "leads",
     "text": "Wie bewerten Sie die Qualität der Leads?"},
    {"id": "vendor_service", "topic": "service",
     "text": "Wie zufrieden sind Sie mit Service und Support des Herstellers?"},
    {"id": "channel_conflict", "topic": "conflict",
     "text": "Wie gut ist die Abgrenzung zum Direktvertrieb des Herstellers geregelt?"},
    {"id": "training", "topic": "enablement",
     "text": "Wie hilfreich sind Schulungen und Zertifizierungen?"},
    {"id": "marketing", "topic": "marketing",
     "text": "Wie zufrieden sind Sie mit der Marketing-Unterstützung?"},
    {"id": "overall", "topic": "overall",
     "text": "Wie zufrieden sind Sie insgesamt mit der Partnerschaft?"},
    {"id": "recommend", "topic": "nps", "scale": {"min": 0, "max": 10},
     "text": "Wie wahrscheinlich ist es, dass Sie uns als Hersteller weiterempfehlen?"},
]
SCALE = {"min": 1, "max": 5}
WAVES = [("2026-Q2", "2026-06-30"), ("2026-Q3", "2026-09-30")]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def email_of(name, domain):
    base = re.sub(r"\s*\(.*?\)", "", name)
    for a, b in (("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"), ("ß", "ss"), ("æ", "ae")):
        base = base.replace(a, b)
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    parts = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in base.split()]
    parts = [w for w in parts if w]
    return f"{parts[0][0]}.{parts[-1]}@{domain}"


def rnd(x, step):
    return int(round(x / step)) * step


def split_int(total, weights):
    """Largest-remainder split of an int total by weights; sums exactly."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def rand_date(lo, hi):
    a = datetime.date.fromisoformat(lo)
    b = datetime.date.fromisoformat(hi)
    return (a + datetime.timedelta(days=rng.randint(0, (b - a).days))).isoformat()


def clip(v, lo, hi):
    return max(lo, min(hi, v))


# ---------------------------------------------------------------------------
# metrics.json
# ---------------------------------------------------------------------------
def make_quarters(p):
    trend = TRENDS[p["trend"]]
    big = p["rev"] >= 500000
    mstep = 100 if big else 10
    tstep = 10000 if big else 1000
    t3 = rnd(p["rev"] / p["att"], tstep)
    tfac = [0.92, 1.0, 1.0, 1.0]
    team = p.get("team") or []
    nteam = len(team) if team else 2
    cert = p.get("cert")
    if cert is None:
        c3 = clip(nteam - rng.randint(0, 2), 1, nteam)
        if p["trend"] == "up":
            cert = [max(0, c3 - 1), max(0, c3 - 1), c3, c3]
        elif p["trend"] in ("down", "collapse"):
            cert = [min(nteam, c3 + 1), c3 + (1 if c3 < nteam else 0), c3, c3]
        else:
            cert = [c3, c3, c3, c3]
    pipe_ratio = rng.uniform(1.2, 1.6) if p["trend"] == "collapse" else rng.uniform(2.2, 3.6)
    conflicts = p.get("conflicts")
    tickets = p.get("tickets")
    quarters = []
    for i, per in enumerate(PERIODS):
        if trend[i] is None:
            continue
        if per == REVIEW:
            rev = p["rev"]
        else:
            rev = rnd(p["rev"] * trend[i] * rng.uniform(0.97, 1.03), mstep)
        target = rnd(t3 * tfac[i], tstep)
        irev = rev if isinstance(rev, int) else int(rev)
        deals = max(1, round(irev / p["deal"] * rng.uniform(0.85, 1.15)))
        if p.get("leads", "normal") == "poor":
            followed = deals + rng.randint(1, 3)
            received = followed + rng.randint(0, 2)
        elif p.get("follow", "normal") == "lazy":
            followed = deals + rng.randint(0, 2)
            received = followed + rng.randint(10, 18)
        else:
            followed = deals + max(1, round(deals * rng.uniform(1.2, 2.5)))
            received = followed + max(1, round(followed * rng.uniform(0.1, 0.5)))
        pipeline = rnd(irev * pipe_ratio * rng.uniform(0.88, 1.12), 10000 if big else 1000)
        if tickets:
            st = tickets[i]
        else:
            st = max(0, round(irev / 100000 * rng.uniform(0.25, 0.5) + rng.uniform(0, 3)))
        if conflicts:
            cc = conflicts[i]
        else:
            cc = rng.choice([0, 0, 0, 1])
        q = {
            "period": per, "revenue": rev, "target": target,
            "leads_received": received, "leads_followed_up": followed, "deals_won": deals,
            "pipeline": pipeline, "certified_reps": cert[i], "service_tickets": st,
            "channel_conflicts": cc,
        }
        if team and not p.get("no_reps"):
            joined = p.get("joined", {})
            active = [n for n in team if PERIODS.index(joined.get(n, PERIODS[0])) <= i]
            # a rep in their first quarter sells less
            w = [rng.uniform(0.5, 1.5) * (0.4 if joined.get(n) == per else 1.0)
                 for n in active]
            revs = split_int(irev // mstep, w)
            revs = [r * mstep for r in revs]
            revs[-1] += irev - sum(revs)
            dls = split_int(deals, w)
            q["reps"] = [{"name": n, "revenue": r, "deals_won": d}
                         for n, r, d in zip(active, revs, dls)]
        for k in p.get("missing", {}).get(per, []):
            del q[k]
        quarters.append(q)
    if "order" in p:
        quarters.sort(key=lambda q: p["order"].index(q["period"]))
    return quarters


def make_partner(p):
    d = {"id": p["id"], "name": p["name"]}
    if p.get("region"):
        d["region"] = p["region"]
    if p.get("tier"):
        d["tier"] = p["tier"]
    if p.get("since"):
        d["partner_since"] = p["since"]
    if p.get("contact"):
        sal, name = p["contact"]
        c = {}
        if sal:
            c["salutation"] = sal
        c["name"] = name
        c["email"] = email_of(name, p["domain"])
        d["contact"] = c
    if p.get("team"):
        d["sales_team"] = [{"name": n, "email": email_of(n, p["domain"])} for n in p["team"]]
    if "engagement" in p:
        if p["engagement"] is not None:
            d["engagement"] = p["engagement"]
    else:
        d["engagement"] = {
            "onsite_visit_accepted": True,
            "last_meeting": rand_date("2026-07-01", "2026-09-25"),
            "meetings_declined": rng.choice([0, 0, 0, 0, 1]),
        }
    d["quarters"] = make_quarters(p)
    return d


# ---------------------------------------------------------------------------
# survey.json
# ---------------------------------------------------------------------------
RECOMMEND = {1: (0, 3), 2: (2, 5), 3: (5, 7), 4: (7, 9), 5: (9, 10)}


def make_answers(p, w, idx):
    mood = w["mood"]
    over = w.get("over", {})
    a = {}
    for q in QUESTIONS:
        qid = q["id"]
        if qid == "recommend":
            continue
        if qid in over:
            lo, hi = over[qid]
            a[qid] = rng.randint(lo, hi)
            continue
        v = mood + rng.choice([-1, 0, 0, 0, 1])
        lo = 3 if mood >= 3 else 1
        if qid == "lead_volume" and p.get("leads") == "poor":
            lo = 1
        a[qid] = clip(v, lo, 5)
    lo, hi = RECOMMEND[a["overall"]]
    a["recommend"] = rng.randint(lo, hi)
    for i, qid in w.get("nulls", []):
        if i == idx:
            a[qid] = None
    return a


def make_wave(wid, closed):
    start = {"2026-Q2": "2026-06-01", "2026-Q3": "2026-09-01"}[wid]
    responses = []
    for p in P:
        w = p["survey"].get(wid)
        if w is None:
            continue
        pool = []
        if p.get("contact"):
            pool.append(p["contact"][1])
        pool += p.get("team") or []
        if "n" in w:
            n = w["n"]
        elif len(pool) >= 3:
            n = rng.choice([1, 2, 2, 3])
        else:
            n = rng.choice([1, 1, 2])
        n = min(n, len(pool))
        who = pool[:1] + rng.sample(pool[1:], n - 1)
        notes = w.get("notes")
        if notes is None:
            notes = [None] * n
            r = rng.random()
            if r < 0.55:
                src = POS if w["mood"] >= 4 else (NEU if w["mood"] == 3 else NEG)
                if not src:
                    src = NEU
                com = src.pop() if src else None
                wish = WISHES.pop() if WISHES and rng.random() < 0.6 else None
                notes[0] = (com, wish)
        for i in range(n):
            r = {"partner_id": p["id"]}
            if w.get("anon") != i:
                r["respondent"] = who[i]
            r["submitted"] = rand_date(start, closed if wid == "2026-Q3" else "2026-06-29")
            r["answers"] = make_answers(p, w, i)
            note = notes[i] if i < len(notes) else None
            if note:
                com, wish = note
                if com:
                    r["comment"] = com
                if wish:
                    r["wish"] = wish
            responses.append(r)
    responses.sort(key=lambda r: (r["submitted"], r["partner_id"]))
    return {"id": wid, "closed": closed, "responses": responses}


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
PERIOD_RE = re.compile(r"^\d{4}-Q[1-4]$")


def is_count(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def is_money(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0


def is_date(s):
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s)) and \
            datetime.date.fromisoformat(s).isoformat() == s
    except (TypeError, ValueError):
        return False


def validate(metrics, survey):
    assert metrics["format"] == "partnerreview-metrics/1"
    assert metrics["vendor"]["name"] and metrics["vendor"]["channel_manager"]["name"]
    ids = [p["id"] for p in metrics["partners"]]
    assert len(ids) == len(set(ids)), "duplicate partner id"
    latest = max(q["period"] for p in metrics["partners"] for q in p["quarters"])
    assert latest == REVIEW
    for p in metrics["partners"]:
        pid = p["id"]
        assert ID_RE.match(pid), pid
        assert p["name"]
        if "partner_since" in p:
            assert is_date(p["partner_since"]), pid
        c = p.get("contact")
        if c:
            assert c["name"] and c.get("salutation", "Herr") in ("Herr", "Frau"), pid
        team = [m["name"] for m in p.get("sales_team", [])]
        assert len(team) == len(set(team)), pid
        e = p.get("engagement")
        if e:
            assert isinstance(e["onsite_visit_accepted"], bool)
            assert is_date(e["last_meeting"]) and is_count(e["meetings_declined"]), pid
        pers = [q["period"] for q in p["quarters"]]
        assert pers and len(pers) == len(set(pers)), pid
        assert REVIEW in pers, f"{pid} has no figures for {REVIEW} (would warn)"
        for q in p["quarters"]:
            assert PERIOD_RE.match(q["period"]), pid
            assert is_money(q["revenue"]), pid
            assert is_money(q["target"]) and q["target"] > 0, pid
            if "pipeline" in q:
                assert is_money(q["pipeline"]), pid
            for k in ("leads_received", "leads_followed_up", "deals_won", "certified_reps",
                      "service_tickets", "channel_conflicts"):
                if k in q:
                    assert is_count(q[k]), (pid, q["period"], k)
            if "leads_received" in q:
                assert q["leads_followed_up"] <= q["leads_received"], pid
                assert q["deals_won"] <= q["leads_followed_up"], pid
            if "reps" in q:
                assert sum(r["revenue"] for r in q["reps"]) == q["revenue"], (pid, q["period"])
                assert sum(r["deals_won"] for r in q["reps"]) == q["deals_won"], pid
                for r in q["reps"]:
                    assert r["name"] in team, (pid, r["name"])
                    assert is_money(r["revenue"]) and is_count(r["deals_won"]), pid
    assert survey["format"] == "partnerreview-survey/1"
    qids = [q["id"] for q in survey["questions"]]
    assert len(qids) == len(set(qids))
    scales = {q["id"]: q.get("scale", survey["scale"]) for q in survey["questions"]}
    wids = [w["id"] for w in survey["waves"]]
    assert len(wids) == len(set(wids))
    by_id = {p["id"]: p for p in metrics["partners"]}
    for w in survey["waves"]:
        assert PERIOD_RE.match(w["id"]) and is_date(w["closed"])
        for r in w["responses"]:
            pid = r["partner_id"]
            assert pid in by_id, f"unknown partner {pid} (would warn)"
            assert is_date(r["submitted"]) and r["submitted"] <= w["closed"], pid
            p = by_id[pid]
            names = [m["name"] for m in p.get("sales_team", [])]
            if p.get("contact"):
                names.append(p["contact"]["name"])
            if "respondent" in r:
                assert r["respondent"] in names, (pid, r["respondent"])
            assert set(r["answers"]) == set(qids), pid
            for k, v in r["answers"].items():
                if v is not None:
                    assert isinstance(v, int) and scales[k]["min"] <= v <= scales[k]["max"], \
                        (pid, k, v)


def check_readme_promises(metrics, survey):
    """The situations samples/README.md promises to test writers."""
    P_ = {p["id"]: p for p in metrics["partners"]}
    Q = {pid: {q["period"]: q for q in p["quarters"]} for pid, p in P_.items()}

    def att(pid):
        q = Q[pid][REVIEW]
        return q["revenue"] / q["target"]

    def avg(pid, wid, qid):
        vals = [r["answers"][qid] for w in survey["waves"] if w["id"] == wid
                for r in w["responses"] if r["partner_id"] == pid
                and r["answers"][qid] is not None]
        return sum(vals) / len(vals) if vals else None

    answered = {w["id"]: {r["partner_id"] for r in w["responses"]} for w in survey["waves"]}
    assert sorted(set(P_) - answered["2026-Q2"]) == ["US-CO-018", "US-GA-010"]
    assert sorted(set(P_) - answered["2026-Q3"]) == ["US-TX-007"]
    e = P_["US-TX-007"]["engagement"]
    assert e["onsite_visit_accepted"] is False and e["meetings_declined"] == 3
    assert att("US-TX-007") < 0.5 and att("US-KY-028") < 0.5
    for pid in ("US-TX-002", "US-GA-010", "US-WA-013", "US-FL-006", "US-SC-021",
                "US-UT-025"):
        assert 1.05 <= att(pid) <= 1.25, pid
    assert sorted(Q["US-CO-018"]) == ["2026-Q2", "2026-Q3"]
    assert "region" not in P_["US-NJ-012"] and "tier" not in P_["US-NJ-012"]
    assert "contact" not in P_["US-GA-010"]
    assert "sales_team" not in P_["US-OR-015"]
    assert all("reps" not in q for q in Q["US-OR-015"].values())
    assert "engagement" not in P_["US-NC-016"]
    assert "salutation" not in P_["US-WA-013"]["contact"]
    assert "leads_received" not in Q["US-MN-017"]["2026-Q1"]
    assert "pipeline" not in Q["US-MN-017"]["2026-Q2"]
    assert "pipeline" not in Q["US-NV-024"][REVIEW]
    assert set(Q["US-OR-015"]["2025-Q4"]) == {"period", "revenue", "target"}
    assert isinstance(Q["US-OR-015"][REVIEW]["revenue"], float)
    for pid in ("US-PA-001", "US-AZ-011"):
        pers = [q["period"] for q in P_[pid]["quarters"]]
        assert pers != sorted(pers), pid
    assert len(P_["US-IL-003"]["name"]) > 80
    assert P_["US-AZ-011"]["name"] == "Desert <Tools> & Parts LLC"
    assert any("<b>" in r.get("comment", "") for w in survey["waves"] for r in w["responses"])
    for wid in ("2026-Q2", "2026-Q3"):
        assert avg("US-OH-005", wid, "channel_conflict") <= 2
        assert avg("US-MI-004", wid, "vendor_service") <= 2
        for pid in ("US-CA-014", "US-AZ-011", "US-TN-020"):
            assert avg(pid, wid, "lead_volume") <= 2, pid
    assert all(Q["US-OH-005"][p]["channel_conflicts"] >= 4 for p in PERIODS)
    assert all(Q["US-MI-004"][p]["service_tickets"] >= 25 for p in PERIODS)
    assert avg("US-FL-006", "2026-Q2", "lead_quality") == 2
    assert avg("US-FL-006", "2026-Q3", "lead_quality") == 4
    assert avg("US-WI-008", "2026-Q2", "training") == 2
    assert avg("US-WI-008", "2026-Q3", "training") == 4


# ---------------------------------------------------------------------------
def main():
    metrics = {
        "format": "partnerreview-metrics/1",
        "vendor": VENDOR,
        "currency": "USD",
        "partners": [make_partner(p) for p in P],
    }
    survey = {
        "format": "partnerreview-survey/1",
        "questions": QUESTIONS,
        "scale": SCALE,
        "waves": [make_wave(wid, closed) for wid, closed in WAVES],
    }
    validate(metrics, survey)
    check_readme_promises(metrics, survey)
    for name, doc in (("metrics.json", metrics), ("survey.json", survey)):
        path = os.path.join(HERE, name)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")
    revs = sorted((q["revenue"] for p in metrics["partners"] for q in p["quarters"]
                   if q["period"] == REVIEW), reverse=True)
    top = max(1, round(len(revs) * 0.2))
    share = sum(revs[:top]) / sum(revs)
    print(f"{len(revs)} partners; top {top} make {share:.1%} of {REVIEW} revenue "
          f"({sum(revs):,.2f} USD)")


if __name__ == "__main__":
    main()
