"""The evaluation needs: 50+ needs as a challenge giver would write them, each with the organisations
of the corpus judged able to help (by reading the profiles, before any matcher was run on them).

The needs avoid the profiles' own words where a person would: synonyms, paraphrases, a problem
described instead of a technology named, and some needs in German, Italian or Polish. Each row:
key, text, competences or key areas ticked in the form (codes, may be empty), relevant organisation keys.
"""


def need(key, text, relevant, competences=""):
    return {"key": key, "text": text, "competences": competences.split(), "relevant": relevant.split()}


NEEDS = [
    need(
        "lighter-brackets",
        "Our aluminium brackets for aircraft seats are too heavy. We want someone who can produce "
        "a lighter, organically shaped version in titanium, printed layer by layer.",
        "am-titan am-metal3d am-fraunhofer am-uni-ljubljana aero-parts",
    ),
    need(
        "cooling-inserts",
        "Injection moulds cool unevenly and cycle times are long; we look for mould inserts with "
        "cooling channels that follow the part's surface.",
        "am-leghe am-metal3d cnc-tools sim-process",
    ),
    need(
        "big-metal-repair",
        "We need to rebuild worn areas on large steel shafts and ship propellers instead of replacing them.",
        "am-wire las-clad rob-weld",
    ),
    need(
        "metal-part-qualification",
        "How can we prove that 3D-printed metal parts for aviation are free of pores and safe to fly?",
        "am-fraunhofer vis-xray am-titan qa-lab",
        "additive_manufacturing",
    ),
    need(
        "fast-prototypes",
        "Need a few dozen functional plastic housings within a week to test with customers before we order a mould.",
        "pp-protolab pp-polyprint pp-modelli pp-makerhub",
    ),
    need(
        "spare-parts-on-demand",
        "Our machines need spare parts that are no longer produced; we would like to "
        "manufacture them digitally on demand instead of keeping stock.",
        "pp-polyprint am-metal3d vis-3dscan pp-protolab",
    ),
    need(
        "patient-implant",
        "A hospital wants implants shaped for each patient from CT images, certified for clinical use.",
        "med-implant am-titan med-uni-graz",
        "biomedical",
    ),
    need(
        "tissue-models",
        "A pharmaceutical company seeks human tissue models to test drugs without animals.",
        "med-bioprint mf-polimi",
    ),
    need(
        "prosthesis-sensors",
        "Develop an artificial leg that senses how fast the user walks and adjusts itself.",
        "med-uni-graz med-rehab tex-smart",
    ),
    need(
        "rapid-diagnostic-cartridge",
        "We want a disposable cartridge that analyses a drop of blood next to the patient in minutes.",
        "mf-chipflow mf-polimi mf-diag mf-injection",
    ),
    need(
        "glass-microchannels",
        "Tiny channels must be machined inside glass chips for an optical sensor.",
        "mf-glass las-photonics mems-cleanroom",
    ),
    need(
        "pressure-sensor-harsh",
        "A robust miniature pressure sensor for hot engine environments is needed.",
        "mems-fab mems-ijs mems-packaging mems-asic",
        "sensors",
    ),
    need(
        "sensor-readout-chip",
        "Custom low-power integrated circuit to read out our capacitive sensor.",
        "mems-asic mems-fab el-embedded",
    ),
    need(
        "printed-heater",
        "We want to print heating elements and conductive tracks on flexible foil.",
        "nano-graphene pack-smart tex-smart",
    ),
    need(
        "wear-resistant-tools",
        "Cutting tools wear out quickly; a harder surface layer could make them last longer.",
        "nano-coat las-clad nano-surface",
    ),
    need(
        "antibacterial-surfaces",
        "Hospital door handles and bed rails should kill bacteria on their own.",
        "nano-surface nano-particles nano-coat",
    ),
    need(
        "nano-regulation",
        "Our paint contains nanoparticles; we must understand the legal requirements and "
        "health risks before selling it.",
        "nano-safety nano-particles",
    ),
    need(
        "machine-breakdowns",
        "Unexpected breakdowns of pumps and motors stop our line; we want a warning before something breaks.",
        "iot-condition iot-polito iot-retrofit sw-ai iot-gateway",
    ),
    need(
        "old-machines-online",
        "Our thirty-year-old presses have no network connection; we want to see their output and downtime on a screen.",
        "iot-retrofit iot-mes iot-gateway int-dih",
    ),
    need(
        "factory-energy-waste",
        "Electricity bills of our plant doubled; find where energy is wasted on the shop floor.",
        "iot-energy pv-heat circ-consult",
    ),
    need(
        "surface-defects",
        "Scratches and dents on painted parts are missed by human inspectors; we need "
        "automatic detection with cameras.",
        "vis-inspect vis-ai vis-hyper",
    ),
    need(
        "reverse-engineering",
        "We have an old cast part without drawings and need an accurate CAD model of it.",
        "vis-3dscan des-eng",
    ),
    need("internal-porosity", "Look inside castings without cutting them to find voids.", "vis-xray qa-lab"),
    need(
        "palletising-robot",
        "Workers lift heavy boxes onto pallets at the end of the line; we want a robot that "
        "works safely next to people.",
        "rob-cobot rob-automazione rob-uni int-dih",
    ),
    need(
        "weld-automation",
        "Welding of steel frames is done manually and quality varies; automate it.",
        "rob-weld am-wire cnc-sheet",
    ),
    need(
        "warehouse-transport",
        "Forklifts moving boxes between machines should be replaced by vehicles that drive themselves.",
        "rob-amr rob-uni misc-logistics",
    ),
    need(
        "electronics-cooling",
        "Our power electronics overheat; we need to understand the airflow and temperatures inside the enclosure.",
        "sim-cfd sim-multi el-power",
    ),
    need(
        "fatigue-cracks",
        "A trailer frame cracks after a few months; calculate stresses and lifetime.",
        "sim-fem uni-mech qa-lab",
    ),
    need(
        "virtual-line",
        "Before buying a new assembly line we want to test it in a virtual copy of the factory.",
        "sim-twin iot-polito int-dih",
    ),
    need(
        "casting-defects-simulation",
        "Our die castings have shrinkage defects; simulate the filling before the next mould is made.",
        "sim-process cnc-casting",
    ),
    need(
        "plc-hacking",
        "After an incident, we need to protect our production control systems from attacks.",
        "sec-ot sec-uni",
    ),
    need(
        "demand-forecast",
        "Predict next month's orders from our sales history so production can plan.",
        "sw-ai sw-erp iot-mes",
    ),
    need(
        "ev-battery-pack",
        "A small electric utility vehicle needs a battery with its management electronics.",
        "bat-pack bat-cells el-power",
        "energy",
    ),
    need(
        "used-batteries",
        "What can be done with car batteries that no longer hold enough charge for driving?",
        "bat-second bat-recycle bat-test",
    ),
    need(
        "battery-certification", "Our battery must pass transport and safety tests before shipping.", "bat-test qa-lab"
    ),
    need(
        "factory-solar",
        "Cover the roof of our warehouse with solar panels and use the power ourselves.",
        "pv-install pv-agri",
    ),
    need(
        "green-hydrogen",
        "A steel plant wants to replace natural gas with hydrogen produced from renewable power.",
        "h2-electro h2-valley h2-storage h2-fuelcell",
    ),
    need(
        "plastic-scrap",
        "We produce tonnes of plastic off-cuts; turn them into raw material again.",
        "circ-plastic circ-chem",
    ),
    need(
        "carbon-footprint",
        "Customers ask for the carbon footprint of our products and a plan to reduce it.",
        "circ-consult iot-energy",
    ),
    need(
        "vineyard-irrigation",
        "Winegrowers want to water only when the soil is dry, based on measurements.",
        "food-sense vis-hyper",
    ),
    need(
        "cheese-shelf-life", "Fresh cheese spoils too fast; extend how long it keeps.", "food-tech pack-smart pack-flex"
    ),
    need(
        "cold-chain-label", "Show consumers whether chilled food stayed cold during transport.", "pack-smart food-tech"
    ),
    need("heart-shirt", "Clothing that monitors the heartbeat of elderly people at home.", "tex-smart med-uni-graz"),
    need("wooden-highrise", "A developer wants to build a six-storey house with a timber structure.", "wood-inst"),
    need(
        "chair-design",
        "We need a designer to create a new ergonomic office chair and build a prototype.",
        "des-studio des-uni wood-design des-eng pp-modelli",
    ),
    need("machine-interface", "Operators find our machine's touch screen confusing; redesign it.", "des-ux sw-apps"),
    need("patent-protection", "We invented a new valve and want to protect it in Europe.", "ip-law ip-scout ip-tto-lj"),
    need(
        "license-invention",
        "A university lab has a patented sensor and looks for a company to license it to.",
        "ip-tto-lj ip-tto-zg ip-valor",
    ),
    need(
        "market-entry",
        "Before launching our device we need to know who the competitors are and what price customers accept.",
        "biz-market biz-export",
    ),
    need(
        "eu-proposal",
        "We need help writing a Horizon Europe application and managing the consortium.",
        "biz-grants h2-valley",
    ),
    need(
        "startup-funding", "A hardware start-up seeks seed investment and mentoring.", "biz-vc int-incubator int-park"
    ),
    need(
        "ce-marking",
        "Our new machine must get CE marking; we need the risk assessment and documentation.",
        "qa-cert qa-emc",
    ),
    need("bridge-inspection", "Inspect a large bridge without closing it or using climbers.", "aero-drone"),
    need(
        "carbon-parts",
        "Lightweight carbon fibre arms for an agricultural drone.",
        "comp-carbon comp-research aero-research aero-drone",
    ),
    need("noise-reduction", "Our compressor is too loud for residential areas.", "misc-acoustic sim-cfd"),
    # Needs in German, Italian and Polish
    need(
        "de-prototyp",
        "Wir suchen einen Partner für schnelle Kunststoff-Prototypen aus dem 3D-Drucker für "
        "Gehäuse unserer Messgeräte.",
        "pp-protolab pp-polyprint pp-modelli pp-makerhub",
    ),
    need(
        "de-wartung",
        "Wir möchten Ausfälle unserer Pumpen mit Schwingungssensoren früh erkennen (vorausschauende Wartung).",
        "iot-condition iot-polito iot-retrofit",
    ),
    need(
        "de-abwasser",
        "Unser Abwasser aus der Oberflächenbehandlung soll gereinigt und wiederverwendet werden.",
        "env-water",
    ),
    need(
        "it-stampi",
        "Cerchiamo chi può stampare in 3D inserti per stampi in acciaio con raffreddamento conforme.",
        "am-leghe am-metal3d",
    ),
    need(
        "it-visione",
        "Vorremmo controllare automaticamente con telecamere i difetti delle etichette sulle bottiglie.",
        "vis-ai vis-inspect",
    ),
    need(
        "it-brevetto",
        "Abbiamo un'invenzione e vorremmo proteggerla con un brevetto e poi concederla in licenza.",
        "ip-valor ip-law ip-scout ip-tto-lj",
    ),
    need(
        "pl-roboty",
        "Szukamy firmy, która zautomatyzuje pakowanie kartonów przy pomocy robota współpracującego.",
        "rob-cobot rob-automazione",
    ),
    need("pl-baterie", "Chcemy odzyskać metale ze zużytych baterii litowo-jonowych.", "bat-recycle circ-ewaste"),
    need("pl-wodor", "Elektrownia szuka dostawcy elektrolizera do produkcji zielonego wodoru.", "h2-electro h2-valley"),
]
