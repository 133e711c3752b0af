"""Texts of the benchmark data (`manage.py seed_bench`): French, Dutch and some English."""

# (French title, Dutch title, English title, the track slugs it fits)
JOBS = [
    ("Électricien", "Elektricien", "Electrician", ["electricien-automaticien"]),
    ("Électricienne", "Elektricienne", "Electrician", ["electricien-automaticien"]),
    (
        "Électricien industriel",
        "Industrieel elektricien",
        "Industrial electrician",
        ["electricien-automaticien", "technicien-electronique"],
    ),
    (
        "Technicien en électronique",
        "Technicus elektronica",
        "Electronics technician",
        ["technicien-electronique"],
    ),
    ("Menuisier", "Schrijnwerker", "Joiner", ["menuisier"]),
    ("Menuisière d'atelier", "Schrijnwerker in het atelier", "Workshop joiner", ["menuisier"]),
    ("Mécanicien automobile", "Automonteur", "Car mechanic", ["mecanicien-automobile"]),
    ("Carrossier", "Koetswerkhersteller", "Body repairer", ["carrossier"]),
    ("Soudeur", "Lasser", "Welder", ["soudeur-cefa"]),
    ("Maçon", "Metselaar", "Bricklayer", ["ouvrier-gros-oeuvre"]),
    (
        "Monteur en chauffage",
        "Verwarmingsinstallateur",
        "Heating fitter",
        ["monteur-chauffage-sanitaire", "monteur-chauffage-sanitaire-cefa"],
    ),
    ("Plombier", "Loodgieter", "Plumber", ["monteur-chauffage-sanitaire"]),
    ("Couvreur", "Dakdekker", "Roofer", ["couvreur-etancheur"]),
    ("Peintre en bâtiment", "Schilder", "House painter", ["peintre-batiment"]),
    ("Cuisinier", "Kok", "Cook", ["cuisinier", "hotelier-restaurateur"]),
    ("Commis de cuisine", "Keukenhulp", "Kitchen assistant", ["cuisinier"]),
    ("Boulanger-pâtissier", "Bakker-banketbakker", "Baker", ["boulanger-patissier"]),
    ("Serveur", "Kelner", "Waiter", ["commis-salle", "hotelier-restaurateur"]),
    ("Coiffeur", "Kapper", "Hairdresser", ["coiffeur"]),
    ("Esthéticienne", "Schoonheidsspecialiste", "Beautician", ["estheticien"]),
    ("Aide-soignant", "Zorgkundige", "Care assistant", ["aide-soignant"]),
    ("Aide familiale", "Gezinshulp", "Home help", ["aide-familial"]),
    ("Puériculteur", "Kinderverzorger", "Childcare worker", ["puericulteur"]),
    ("Vendeur", "Verkoper", "Shop assistant", ["vendeur", "vendeur-cefa"]),
    ("Employé de bureau", "Bediende", "Office clerk", ["technicien-bureau"]),
    ("Comptable junior", "Junior boekhouder", "Junior accountant", ["technicien-comptabilite"]),
    ("Infographiste", "Grafisch vormgever", "Graphic designer", ["technicien-infographie"]),
    ("Jardinier", "Tuinier", "Gardener", ["technicien-horticulture"]),
    ("Laborantin en chimie", "Laborant chemie", "Chemistry lab assistant", ["technicien-chimie"]),
    ("Couturière", "Naaister", "Seamstress", ["technicien-habillement", "agent-metiers-mode"]),
]
FR_TITLE_SUFFIXES = ["", "", " en alternance", " (stage)", " – job étudiant", " H/F/X", " junior"]
NL_TITLE_SUFFIXES = ["", "", " (stage)", " – studentenjob", " M/V/X", " junior"]
EN_TITLE_SUFFIXES = ["", "", " (internship)", " – student job", " junior"]

FR_SENTENCES = [
    "Nous cherchons un·e {job} motivé·e pour renforcer notre équipe à Bruxelles.",
    "Tu travailleras avec des professionnels expérimentés sur nos chantiers et à l'atelier.",
    "Notre entreprise familiale forme des jeunes depuis plus de vingt ans.",
    "Tu apprendras le métier pas à pas, avec un tuteur qui t'accompagne chaque jour.",
    "Les horaires sont réguliers, du lundi au vendredi, sans travail le week-end.",
    "Une formation interne est prévue pendant les premières semaines.",
    "Nous travaillons pour des particuliers, des écoles et des bureaux de la région.",
    "L'équipe parle français, néerlandais et anglais : chacun y trouve sa place.",
    "Le poste est accessible en transports en commun (métro, tram et bus).",
    "Tu participeras à l'installation, à l'entretien et au dépannage.",
]
FR_REQUIREMENTS = [
    "Élève ou diplômé·e de l'enseignement qualifiant.",
    "Tu es ponctuel·le, curieux·se et tu aimes le travail en équipe.",
    "Le permis B est un atout.",
    "Tu connais les règles de sécurité de base.",
    "Des notions de néerlandais sont appréciées.",
]
NL_SENTENCES = [
    "Wij zoeken een gemotiveerde {job} om ons team in Brussel te versterken.",
    "Je werkt samen met ervaren vakmensen op de werf en in het atelier.",
    "Ons familiebedrijf leidt al meer dan twintig jaar jongeren op.",
    "Je leert het vak stap voor stap, met een mentor die je elke dag begeleidt.",
    "De werkuren zijn regelmatig, van maandag tot vrijdag.",
    "Tijdens de eerste weken krijg je een interne opleiding.",
    "We werken voor particulieren, scholen en kantoren in de regio.",
]
NL_REQUIREMENTS = [
    "Leerling of afgestudeerde van het beroepsonderwijs.",
    "Je bent stipt, nieuwsgierig en werkt graag in team.",
    "Een rijbewijs B is een pluspunt.",
    "Kennis van het Frans is een troef.",
]
EN_SENTENCES = [
    "We are looking for a motivated {job} to join our team in Brussels.",
    "You will work alongside experienced professionals on site and in the workshop.",
    "Our family business has trained young people for more than twenty years.",
    "Regular hours, Monday to Friday, with training in the first weeks.",
]
EN_REQUIREMENTS = [
    "Student or graduate of vocational education.",
    "Punctual, curious and a team player.",
    "Some French or Dutch is welcome.",
]
TEXTS = {
    "fr": (FR_TITLE_SUFFIXES, FR_SENTENCES, FR_REQUIREMENTS),
    "nl": (NL_TITLE_SUFFIXES, NL_SENTENCES, NL_REQUIREMENTS),
    "en": (EN_TITLE_SUFFIXES, EN_SENTENCES, EN_REQUIREMENTS),
}
COMPANY_WORDS = [
    "Atelier", "Bâti", "Brico", "Cuisine", "Élec", "Garage", "Habitat", "Jardin", "Lumière",
    "Maison", "Menuiserie", "Services", "Soins", "Studio", "Techno", "Toiture",
]  # fmt: skip
COMPANY_DESCRIPTIONS = {
    "fr": [
        "Une entreprise bruxelloise qui forme des jeunes depuis {years} ans.",
        "Nous accueillons chaque année des stagiaires et des apprenti·es du qualifiant.",
        "Notre équipe de {staff} personnes travaille pour des particuliers et des entreprises.",
        "Nous cherchons des jeunes motivé·es qui veulent apprendre un métier sur le terrain.",
        "Nos ateliers sont à deux pas du métro ; les horaires sont réguliers.",
    ],
    "nl": [
        "Een Brussels bedrijf dat al {years} jaar jongeren opleidt.",
        "Elk jaar verwelkomen we stagiairs en leerlingen uit het beroepsonderwijs.",
        "Ons team van {staff} mensen werkt voor particulieren en bedrijven.",
        "We zoeken gemotiveerde jongeren die een vak willen leren in de praktijk.",
        "Onze werkplaats ligt vlak bij de metro; de werkuren zijn regelmatig.",
    ],
}
NEED_SKILLS = {
    "fr": [
        "Lire un plan et suivre un bon de travail.",
        "Respecter les règles d'hygiène et de sécurité.",
        "Accueillir la clientèle avec le sourire.",
        "Travailler en équipe et tenir les délais.",
        "Utiliser l'outillage électroportatif.",
    ],
    "nl": [
        "Een plan lezen en een werkbon volgen.",
        "De hygiëne- en veiligheidsregels naleven.",
        "Klanten vriendelijk onthalen.",
        "In team werken en deadlines halen.",
    ],
}

FIRST_NAMES = [
    "Adam", "Aïcha", "Amina", "Anaïs", "Arthur", "Ayoub", "Bilal", "Camille", "Chloé", "Daan",
    "Elif", "Emma", "Fatima", "Finn", "Hamza", "Hanne", "Ilyas", "Inès", "Jade", "Jules",
    "Kenza", "Lars", "Lena", "Liam", "Lina", "Louis", "Lucas", "Maëlle", "Marie", "Mehdi",
    "Mila", "Mohamed", "Nathan", "Nora", "Noah", "Oumaïma", "Rayan", "Sara", "Sofia", "Théo",
    "Tom", "Victor", "Wout", "Yasmine", "Youssef", "Zoé",
]  # fmt: skip
LAST_NAMES = [
    "Amrani", "Benali", "Bogaert", "Claes", "Cornelis", "De Smet", "Desmet", "Dubois",
    "Dupont", "El Idrissi", "Fontaine", "Goossens", "Haddad", "Janssens", "Kaya", "Lambert",
    "Leclercq", "Maes", "Martin", "Mertens", "Nowak", "Ouali", "Peeters", "Petit", "Renard",
    "Rodrigues", "Simon", "Tahiri", "Van Damme", "Vermeulen", "Willems", "Yilmaz", "Ziani",
]  # fmt: skip
SKILLS = {
    "fr": [
        "Câblage et raccordement d'armoires électriques",
        "Lecture de plans",
        "Soudure à l'arc et au TIG",
        "Cuisine de collectivité, respect de l'HACCP",
        "Accueil de la clientèle et caisse",
        "Suite bureautique (traitement de texte, tableur)",
        "Pose de carrelage et de plâtre",
        "Soins d'hygiène et écoute des résident·es",
        "Entretien et diagnostic de véhicules",
        "Retouche photo et mise en page",
    ],
    "nl": [
        "Bekabeling en aansluiting van schakelkasten",
        "Plannen lezen",
        "Booglassen en TIG-lassen",
        "Grootkeuken, HACCP-regels",
        "Klantenonthaal en kassa",
        "Kantoorsoftware (tekstverwerker, rekenblad)",
        "Tegels leggen en pleisteren",
        "Onderhoud en diagnose van voertuigen",
    ],
}
PRESENTATIONS = {
    "fr": [
        "J'aime le travail bien fait et j'apprends vite.",
        "Je cherche un stage pour mettre en pratique ce que j'apprends à l'école.",
        "Ponctuel·le et motivé·e, je veux travailler dans une équipe qui forme les jeunes.",
        "Je parle français et un peu de néerlandais ; je suis disponible pendant les vacances.",
    ],
    "nl": [
        "Ik werk graag nauwkeurig en leer snel bij.",
        "Ik zoek een stage om in de praktijk te brengen wat ik op school leer.",
        "Stipt en gemotiveerd, ik wil werken in een team dat jongeren opleidt.",
    ],
}
APPLICATION_MESSAGES = {
    "fr": [
        "Bonjour, votre offre m'intéresse beaucoup et je serais heureux·se de vous rencontrer.",
        "Je termine ma formation en juin et je suis disponible tout de suite après.",
        "J'ai déjà fait un stage dans ce domaine ; vous trouverez mon CV en annexe.",
        "",
    ],
    "nl": [
        "Goedendag, uw vacature interesseert me en ik kom graag kennismaken.",
        "Ik rond mijn opleiding af in juni en ben meteen daarna beschikbaar.",
        "",
    ],
}
DAY_DESCRIPTIONS = (
    "Des entreprises bruxelloises rencontrent les élèves et diplômé·es du campus en "
    "rendez-vous individuels de dix minutes : stages, alternance et emplois.",
    "Brusselse bedrijven ontmoeten de leerlingen en afgestudeerden van de campus in "
    "individuele gesprekken van tien minuten: stages, alternerend leren en jobs.",
    "Brussels companies meet the campus's students and graduates in ten-minute "
    "one-to-one meetings: internships, work-study places and jobs.",
)
FOLLOW_UP_NOTES = [
    "Très motivé·e, à recontacter pour un stage.",
    "Bon contact ; envoyer l'offre de juin.",
    "Goed gesprek, uitnodigen voor een sollicitatiegesprek.",
    "",
]
