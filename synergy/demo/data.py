"""The demo: the seven partner regions of the original SYNERGY programme (2017–2020)."""

REGIONS = [
    {
        "slug": "lower-silesia", "nuts_code": "PL51", "country": "PL", "default_language": "pl",
        "names": {"en": "Lower Silesia", "pl": "Dolny Śląsk", "de": "Niederschlesien", "it": "Bassa Slesia",
                  "sl": "Spodnja Šlezija", "hr": "Donja Šleska"},
        "coordinator": ("wrust", "Wrocław University of Science and Technology", "university", "https://pwr.edu.pl"),
        "others": [("wroclaw-technology-park", "Wrocław Technology Park", "technology_park")],
    },
    {
        "slug": "upper-austria", "nuts_code": "AT31", "country": "AT", "default_language": "de",
        "names": {"en": "Upper Austria", "pl": "Górna Austria", "de": "Oberösterreich", "it": "Alta Austria",
                  "sl": "Zgornja Avstrija", "hr": "Gornja Austrija"},
        "coordinator": ("profactor", "PROFACTOR GmbH", "research", "https://www.profactor.at"),
        "others": [("business-upper-austria", "Business Upper Austria", "public_organisation")],
    },
    {
        "slug": "saxony", "nuts_code": "DED", "country": "DE", "default_language": "de",
        "names": {"en": "Saxony", "pl": "Saksonia", "de": "Sachsen", "it": "Sassonia", "sl": "Saška", "hr": "Saska"},
        "coordinator": ("tu-chemnitz", "Chemnitz University of Technology", "university", "https://www.tu-chemnitz.de"),
        "others": [("saxony-printing-sme", "Erzgebirge Additive GmbH (demo)", "sme")],
    },
    {
        "slug": "slovenia", "nuts_code": "SI0", "country": "SI", "default_language": "sl",
        "names": {"en": "Slovenia", "pl": "Słowenia", "de": "Slowenien", "it": "Slovenia", "sl": "Slovenija",
                  "hr": "Slovenija"},
        "coordinator": ("jsi", "Jožef Stefan Institute", "research", "https://www.ijs.si"),
        "others": [("technology-park-ljubljana", "Technology Park Ljubljana", "technology_park")],
    },
    {
        "slug": "baden-wurttemberg", "nuts_code": "DE1", "country": "DE", "default_language": "de",
        "names": {"en": "Baden-Württemberg", "pl": "Badenia-Wirtembergia", "de": "Baden-Württemberg",
                  "it": "Baden-Württemberg", "sl": "Baden-Württemberg", "hr": "Baden-Württemberg"},
        "coordinator": ("kit", "Karlsruhe Institute of Technology", "university", "https://www.kit.edu"),
        "others": [("karlsruhe-microsystems-sme", "Rheintal Mikrosysteme GmbH (demo)", "sme")],
    },
    {
        "slug": "primorje-gorski-kotar", "nuts_code": "HR031", "country": "HR", "default_language": "hr",
        "names": {"en": "Primorje-Gorski Kotar", "pl": "Żupania primorsko-gorskokotarska",
                  "de": "Gespanschaft Primorje-Gorski kotar", "it": "Regione litoraneo-montana",
                  "sl": "Primorsko-goranska županija", "hr": "Primorsko-goranska županija"},
        "coordinator": ("step-ri", "STEP RI Science and Technology Park of the University of Rijeka",
                        "technology_park", "https://step.uniri.hr"),
        "others": [("university-of-rijeka", "University of Rijeka", "university")],
    },
    {
        "slug": "emilia-romagna", "nuts_code": "ITH5", "country": "IT", "default_language": "it",
        "names": {"en": "Emilia-Romagna", "pl": "Emilia-Romania", "de": "Emilia-Romagna", "it": "Emilia-Romagna",
                  "sl": "Emilija - Romanja", "hr": "Emilija-Romanja"},
        "coordinator": ("crit", "CRIT S.r.l.", "cluster", "https://www.crit-research.it"),
        "others": [("art-er", "ART-ER Attractiveness Research Territory", "public_organisation")],
    },
]  # fmt: skip

# The published password of the demo logins; seed_demo refuses to run in production.
DEMO_PASSWORD = "synergy-demo-2026"  # nosec B105

USERS = [
    # (role label, e-mail, display name, stakeholder type, region slug)
    ("platform admin", "admin@synergy.test", "Ada Admin", "other", None),
    ("regional coordinator (Lower Silesia)", "coordinator@synergy.test", "Celina Koordynator", "university", "lower-silesia"),
    ("organisation admin (Erzgebirge Additive)", "orgadmin@synergy.test", "Otto Organisation", "sme", "saxony"),
    ("juror", "juror@synergy.test", "Julia Jurorin", "university", "baden-wurttemberg"),
    ("member", "member@synergy.test", "Marko Member", "citizen", "primorje-gorski-kotar"),
]  # fmt: skip

# The learning objectives of the original regional trainings (seed text).
TRAINING_OBJECTIVES = [
    "Raise awareness on new open innovation collaboration mechanisms",
    "Learn more about new ways to increase Open Innovation initiative in European regions",
    "Develop new ideas for Open Innovation and technology advancement",
    "Gain insights into best practices and success stories about open innovation at the regional and European level",
    "Discover new opportunities for future collaborations in open innovation",
    "Explore the possibilities of the Synergic Crowd Innovation Platform for future activities",
]

TRAINING_DESCRIPTION = """\
A regional training on the **Regional Strategy on Crowd Innovation**, a ready-to-adopt plan of
actions for spreading open innovation among industry, academia, policy makers and the public.

It presents best practices and success stories from Central Europe — the open-innovation
strategy of Emilia-Romagna and the "breathing strategy" of Baden-Württemberg — and is held
together with a promotional meeting on the platform and its outputs.
"""

# Distinct participants of each region's past training: 122 in all, as in the original programme.
PAST_PARTICIPANTS = {
    "lower-silesia": 24,
    "upper-austria": 15,
    "saxony": 17,
    "slovenia": 16,
    "baden-wurttemberg": 14,
    "primorje-gorski-kotar": 19,
    "emilia-romagna": 17,
}


# Demo challenges of Erzgebirge Additive, in Saxony and Lower Silesia.
_BRACKET = {
    "summary": "A lighter printed bracket for regional rail vehicles, as stiff as today's milled one.",
    "description": "Our milled aluminium brackets weigh **1.2 kg** each and a carriage carries 140 of them. "
    "We look for a design that can be printed in metal, weighs half as much and passes our fatigue tests.",
    "needs": "- at most 600 g\n- same mounting points\n- printable on a powder-bed machine",
    "competences": ["product_design", "simulation", "materials"],
    "keywords": "topology optimisation, lattice, rail",
    "key_areas": ["additive_manufacturing"],
    "campaign_type": "expert",
    "prize_kind": "voucher",
    "prize_value": 10000,
    "prize_currency": "EUR",
    "prize_description": "Printing and testing services at Erzgebirge Additive",
    "ip_terms": "The team keeps its intellectual property; the giver gets a first option to license.",
    "confidentiality_terms": "Jurors keep every proposal confidential.",
    "proposal_visibility": "jury",
    "team_min": 1,
    "team_max": 4,
}
CHALLENGES = [
    {
        "slug": "lighter-rail-bracket",
        "status": "published",
        "opens_in_days": -10,
        "fields": {"title": "A lighter bracket for regional trains", **_BRACKET},
        "questions": [
            ("May the bracket be made of two printed parts?", "Yes, if they are joined without welding."),
        ],
        "proposals": [("Gyroid bracket", "A single printed part with a gyroid lattice core.")],
    },
    {
        "slug": "face-shield-design",
        "status": "published",
        "opens_in_days": -5,
        "in_call": True,
        "fields": {
            "title": "Design a reusable face shield",
            **_BRACKET,
            "summary": "A face shield that hospitals can disinfect and that regional printers can make in a day.",
            "description": "Members vote for the best design; the three most liked are printed for two hospitals.",
            "campaign_type": "community",
            "prize_kind": "other",
            "prize_value": 0,
            "prize_description": "The winning designs are printed for two regional hospitals",
            "proposal_visibility": "public",
            "key_areas": ["additive_manufacturing", "industry_40"],
        },
        "proposals": [
            ("Clip-on visor", "A visor that clips onto any safety helmet."),
            ("One-piece shield", "Frame and band printed as one piece, no assembly."),
            ("Foldable shield", "Ships flat and folds into shape."),
        ],
    },
    {
        "slug": "sensor-housing",
        "status": "published",
        "opens_in_days": -70,
        "fields": {
            "title": "A sealed housing for vibration sensors",
            **_BRACKET,
            "summary": "A printed housing that keeps a vibration sensor dry on a machine tool.",
            "competences": ["sensors", "electronics"],
            "key_areas": ["micro_nano", "industry_40"],
            "prize_kind": "cash",
            "prize_value": 5000,
        },
        "proposals": [
            ("Twin-seal housing", "Two O-rings and a printed labyrinth."),
            ("Potted housing", "The sensor is cast in resin inside a printed shell."),
            ("Snap-fit housing", "No screws: a printed snap fit with a gasket."),
        ],
        "judged": True,
    },
    {
        "slug": "coolant-monitoring",
        "status": "pending",
        "opens_in_days": 14,
        "fields": {
            "title": "Monitoring coolant quality on the shop floor",
            **_BRACKET,
            "summary": "A low-cost way to know when a machine's coolant must be changed.",
            "competences": ["sensors", "data"],
            "key_areas": ["industry_40"],
        },
    },
]


# Demo crowdfunding: one project in euros, one already funded, and a training game in points.
FUNDING_PROJECTS = [
    {
        "slug": "absorbable-bone-scaffolds",
        "region": "lower-silesia",
        "starts_in_days": -10,
        "fields": {
            "title": "Absorbable bone scaffolds printed from ceramics",
            "summary": "A printed scaffold that the body replaces with bone within a year.",
            "description": "We print **calcium-phosphate scaffolds** with pores sized for bone cells and test "
            "them with the university hospital. The funds pay for the printer time and the lab tests.",
            "goal": 12000,
            "currency": "EUR",
            "rule": "all_or_nothing",
        },
        "rewards": [("Thank-you letter from the team", 10, None), ("Visit to the lab", 150, 10)],
        "pledges": [200, 150, 500, 1000],
        "updates": [("The first scaffold is printed", "It has the pore size we aimed for: 400 µm.")],
    },
    {
        "slug": "open-source-microscope",
        "region": "slovenia",
        "starts_in_days": -20,
        "fields": {
            "title": "An open-source fluorescence microscope for schools",
            "summary": "A 3D-printed microscope that a school can build for under 300 euros.",
            "description": "Every part is printable or off the shelf; the plans will be published openly.",
            "goal": 3000,
            "currency": "EUR",
            "rule": "keep",
        },
        "rewards": [("Your name in the build guide", 20, None), ("A printed kit", 250, 5)],
        "pledges": [250, 250, 500, 20, 1000, 1200],
    },
]
GAME_PROJECTS = [
    ("Smart hospital beds", "Sensors that tell nurses when a patient needs turning.", 2500),
    ("Recycled filament", "3D-printing filament from the region's plastic waste.", 2000),
    ("Drone inspection of bridges", "Cracks found before they grow.", 3000),
    ("Cheaper prosthetic hands", "Printed hands fitted in one visit.", 2200),
]


# Demo equipment and facilities, shared by two organisations.
SHARED_ITEMS = [
    {
        "slug": "metal-powder-bed-printer",
        "provider": "saxony-printing-sme",
        "fields": {
            "name": "Metal powder-bed 3D printer",
            "kind": "printer",
            "description": "Laser powder-bed fusion for titanium and aluminium parts up to 250 × 250 × 300 mm. "
            "Our operator runs the machine; you bring the design.",
            "key_areas": ["additive_manufacturing"],
            "location": "Annaberg-Buchholz, hall 2",
            "access": "fee",
            "price": "95 EUR per hour, powder included",
            "availability": "Weekdays 7:00–17:00",
        },
    },
    {
        "slug": "tensile-testing-machine",
        "provider": "saxony-printing-sme",
        "fields": {
            "name": "Tensile testing machine (100 kN)",
            "kind": "testing",
            "description": "Tensile, compression and bending tests with a report to ISO 6892.",
            "key_areas": ["additive_manufacturing", "industry_40"],
            "location": "Annaberg-Buchholz, lab 1",
            "access": "collaboration",
            "price": "Free within a joint project",
            "availability": "By arrangement",
        },
    },
]

# Innovation-actor profiles of the demo organisations: what each is good at, in the shared vocabulary.
# (slug: nuts code, specialisation, keywords, declared competences, services, infrastructure)
PROFILES = {
    "wrust": ("PL514", "Materials, robotics and additive manufacturing research with industry.",
              "laser sintering, composites, robotics, technology transfer",
              ["additive_manufacturing", "materials", "automation", "ip"],
              "Contract research, testing of printed parts, joint doctoral projects with companies.",
              "Laboratory of additive manufacturing with three metal and two polymer printers."),
    "wroclaw-technology-park": ("PL514", "A technology park hosting 200 tech companies and a fab lab.",
                                "incubation, fab lab, prototyping, start-ups",
                                ["prototyping", "business", "additive_manufacturing"],
                                "Incubation, prototyping in the fab lab, matchmaking events.",
                                "Fab lab with polymer printers, laser cutters and CNC milling."),
    "profactor": ("AT312", "Applied research in production: robotics, nano-structured surfaces and Industry 4.0.",
                  "cobots, inkjet printing, nanoimprint, smart factory",
                  ["industry_40", "automation", "micro_nano", "sensors"],
                  "Feasibility studies, robot cell pilots, surface functionalisation.",
                  "Pilot factory for human-robot collaboration; nanoimprint lithography line."),
    "business-upper-austria": ("AT312", "The business agency of Upper Austria, running clusters and networks.",
                               "clusters, funding advice, internationalisation",
                               ["business", "industry_40"],
                               "Cluster membership, funding advice, partner search.", ""),
    "tu-chemnitz": ("DED41", "Lightweight structures, sensors and smart production systems.",
                    "lightweight design, printed electronics, smart systems",
                    ["materials", "sensors", "electronics", "additive_manufacturing", "simulation"],
                    "Joint research, material characterisation, simulation studies.",
                    "Research factory for lightweight structures; printed-electronics clean room."),
    "saxony-printing-sme": ("DED42", "Metal 3D printing of small series for machine builders and rail.",
                            "titanium, powder bed fusion, topology optimisation",
                            ["additive_manufacturing", "prototyping", "product_design", "quality"],
                            "Printing of metal parts, design for additive manufacturing, post-processing.",
                            "Metal powder-bed printer, tensile testing machine."),
    "jsi": ("SI041", "Slovenia's largest research institute: physics, chemistry, electronics and AI.",
            "nanomaterials, sensors, machine learning, energy",
            ["micro_nano", "sensors", "data", "energy", "materials"],
            "Contract research, analytical services, AI for industry.",
            "Nanostructured-materials laboratory; electron microscopy centre."),
    "technology-park-ljubljana": ("SI041", "Slovenia's oldest technology park, home to 300 companies.",
                                  "start-ups, acceleration, open innovation",
                                  ["business", "ip", "software"],
                                  "Start-up acceleration, investor days, corporate open-innovation calls.", ""),
    "kit": ("DE122", "Micro- and nanotechnology, energy and digital production at a large research university.",
            "microsystems, nanostructures, digital twin, batteries",
            ["micro_nano", "industry_40", "energy", "simulation", "data"],
            "Joint projects, micro-fabrication services, spin-off support.",
            "Karlsruhe Nano Micro Facility (KNMF); battery technology centre."),
    "karlsruhe-microsystems-sme": ("DE122", "MEMS sensors and micro-optics for medical devices.",
                                   "MEMS, micro-optics, medical sensors",
                                   ["micro_nano", "sensors", "biomedical", "electronics"],
                                   "Design and small-series production of MEMS sensors.",
                                   "Clean room (ISO 6) with wafer bonding."),
    "step-ri": ("HR031", "The science and technology park of the University of Rijeka.",
                "incubation, technology transfer, maritime",
                ["business", "ip", "prototyping"],
                "Incubation, technology-transfer support, prototyping lab.", "Prototyping laboratory."),
    "university-of-rijeka": ("HR031", "Engineering, medicine and maritime studies at the Adriatic.",
                             "maritime engineering, biomedicine, simulation",
                             ["simulation", "biomedical", "materials"],
                             "Joint research and student projects with companies.", ""),
    "crit": ("ITH54", "Technology intelligence and research for the mechanical industry of Emilia-Romagna.",
             "technology watch, Industry 4.0, additive manufacturing",
             ["industry_40", "additive_manufacturing", "business", "data"],
             "Technology scouting, innovation projects for member companies.", ""),
    "art-er": ("ITH55", "The regional agency for attractiveness, research and territory of Emilia-Romagna.",
               "regional innovation, clusters, open innovation",
               ["business", "ip"],
               "Support for the regional innovation ecosystem and its clusters.", ""),
}  # fmt: skip

# More actors, so that the directory, the formation assistant and matchmaking have something to choose
# from. (slug, name, type, region slug, nuts, specialisation, keywords, competences)
MORE_ACTORS = [
    ("ljubljana-sensor-startup", "Senzorika d.o.o. (demo)", "startup", "slovenia", "SI041",
     "Wireless vibration sensors for predictive maintenance.", "vibration, IoT, predictive maintenance",
     ["sensors", "industry_40", "data", "electronics"]),
    ("rijeka-shipyard-3d", "Jadranski 3D tisak d.o.o. (demo)", "sme", "primorje-gorski-kotar", "HR031",
     "Large-format 3D printing of moulds and spare parts for shipyards.", "large-format printing, spare parts",
     ["additive_manufacturing", "prototyping", "materials"]),
    ("bologna-robotics", "Robotica Emiliana S.r.l. (demo)", "sme", "emilia-romagna", "ITH55",
     "Collaborative robots for packaging lines.", "cobots, packaging, machine vision",
     ["automation", "industry_40", "software"]),
    ("modena-nano-lab", "Laboratorio Nanomateriali Modena (demo)", "research", "emilia-romagna", "ITH54",
     "Nanocoatings against wear and corrosion.", "nanocoatings, thin films, tribology",
     ["micro_nano", "materials", "quality"]),
    ("linz-digital-twin", "Linz Digital Twin GmbH (demo)", "startup", "upper-austria", "AT312",
     "Digital twins of production lines for small factories.", "digital twin, simulation, OPC UA",
     ["industry_40", "simulation", "software", "data"]),
    ("wroclaw-medical-printing", "Drukarnia Medyczna sp. z o.o. (demo)", "sme", "lower-silesia", "PL514",
     "Patient-specific implants and surgical guides, printed.", "implants, biocompatible, surgical guides",
     ["additive_manufacturing", "biomedical", "quality"]),
    ("dresden-chamber", "Industrie- und Handelskammer Chemnitz (demo)", "chamber", "saxony", "DED41",
     "The chamber of commerce of the Chemnitz region.", "SMEs, training, export",
     ["business"]),
    ("karlsruhe-ai-institute", "Institut für angewandte KI Karlsruhe (demo)", "research", "baden-wurttemberg",
     "DE122", "Machine learning for quality inspection in factories.", "computer vision, anomaly detection",
     ["data", "quality", "industry_40", "software"]),
    ("slovenian-tto", "Technology Transfer Office of the University of Ljubljana (demo)", "tto", "slovenia", "SI041",
     "Licensing and spin-offs from university research.", "licensing, patents, spin-offs",
     ["ip", "business"]),
    ("opole-ngo", "Fundacja Otwarte Innowacje (demo)", "ngo", "lower-silesia", "PL52",
     "Citizen science and maker education in Silesian towns.", "makers, citizen science, education",
     ["prototyping", "business"]),
]  # fmt: skip

DEMO_NETWORK = {
    "slug": "additive-manufacturing-central-europe",
    "name": "Additive Manufacturing Network of Central Europe",
    "key_areas": ["additive_manufacturing"],
    "description": (
        "A Synergic Network of universities, research institutes and companies that print metal and polymer "
        "parts, formed from the actors with the most complete profiles in the key area. Members share "
        "printers, test each other's parts and answer challenges together."
    ),
    "coordinator": "tu-chemnitz",
    "members": ["wrust", "saxony-printing-sme", "rijeka-shipyard-3d", "crit", "wroclaw-medical-printing"],
    "invited": ["wroclaw-technology-park"],
    "swot": [
        {
            "strengths": "Printers of every kind in four countries; two universities with testing labs.",
            "weaknesses": "Few public authorities; little experience with medical certification.",
            "opportunities": "Spare parts on demand for rail and shipyards; regional funds for pilots.",
            "threats": "Powder prices; competition from larger networks in Western Europe.",
            "lessons": "Start with one shared test piece: it showed quickly who can print what.",
        },
        {
            "strengths": "Printers of every kind in four countries; two universities with testing labs; "
            "a medical printer joined.",
            "weaknesses": "Few public authorities.",
            "opportunities": "Spare parts on demand for rail and shipyards; regional funds for pilots.",
            "threats": "Powder prices; competition from larger networks in Western Europe.",
            "lessons": "Start with one shared test piece: it showed quickly who can print what. "
            "Monthly online meetings kept everyone involved; yearly visits built trust.",
        },
    ],
}

MEMBER_PROFILE = {
    "expertise": "Embedded electronics and sensor housings for harsh environments; ten years in shipbuilding.",
    "competences": ["sensors", "electronics", "product_design"],
    "keywords": "embedded systems, IP68, maritime",
    "public_fields": ["expertise", "competences", "country"],
}
