"""Demo courses, in Italian with English translations (used by ``courses.demo``).

Each text is a tuple: (title, introduction, body HTML, activity HTML, reflection prompt).
An empty activity means the lesson completes when it is opened.
"""

PEER_COACH = {
    "slug": "percorso-peer-coach",
    "tags": ["peer coaching", "partecipazione", "politiche locali"],
    "languages": ["it", "en", "fr", "ar"],
    "hours": 24,
    "self_enrollment": True,
    "it": {
        "title": "Percorso per peer coach",
        "summary": (
            "Diventa un punto di riferimento per la tua comunità: impara ad ascoltare, a fare "
            "domande che aiutano, a promuovere la partecipazione e a dialogare con le "
            "istituzioni locali."
        ),
        "audience": (
            "Leader e attivisti di associazioni e comunità di cittadini stranieri, e chi vuole "
            "accompagnare altri migranti nei servizi e nella vita della città."
        ),
        "prerequisites": "Italiano di base (livello A2). Nessuna esperienza precedente richiesta.",
        "competencies": (
            "Ascolto attivo\nDomande potenti\nDefinizione degli obiettivi\nFeedback\n"
            "Promuovere processi partecipativi\nDialogare con le istituzioni locali\n"
            "Rendere sostenibili le iniziative\nGestire un'associazione"
        ),
    },
    "en": {
        "title": "Peer-coach path",
        "summary": (
            "Become a point of reference for your community: learn to listen, to ask questions "
            "that help, to promote participation and to talk with local institutions."
        ),
        "audience": (
            "Leaders and activists of associations and communities of foreign citizens, and "
            "anyone who wants to accompany other migrants in services and city life."
        ),
        "prerequisites": "Basic Italian (A2 level). No previous experience needed.",
        "competencies": (
            "Active listening\nPowerful questions\nGoal setting\nFeedback\n"
            "Promoting participatory processes\nTalking with local institutions\n"
            "Keeping initiatives sustainable\nRunning an association"
        ),
    },
    "modules": [
        {
            "slug": "ruolo-peer-coach",
            "it": (
                "Il ruolo del peer coach",
                "Chi è un peer coach, che cosa fa e che cosa non fa.",
            ),
            "en": ("The role of a peer coach", "Who a peer coach is, what they do and do not do."),
            "lessons": [
                {
                    "slug": "chi-e-un-peer-coach",
                    "minutes": 15,
                    "it": (
                        "Chi è un peer coach",
                        "Un pari che accompagna: ha vissuto esperienze simili e aiuta gli altri "
                        "a trovare le proprie risposte.",
                        "<p>Il peer coach è una persona della comunità che ha attraversato "
                        "percorsi simili a quelli di chi accompagna: l'arrivo in Italia, i "
                        "permessi, la ricerca di lavoro e di casa, la scuola dei figli. Non è "
                        "un esperto che dà soluzioni: è un <b>pari</b> che ascolta, fa domande "
                        "e aiuta l'altra persona a vedere le proprie risorse.</p>"
                        "<p>Il coaching tra pari funziona perché nasce dalla fiducia: chi parla "
                        "si sente capito da qualcuno che conosce la sua lingua, la sua cultura "
                        "e le difficoltà concrete che incontra.</p>",
                        "",
                        "Pensa a una persona che ti ha aiutato quando sei arrivato. Che cosa ha "
                        "fatto che ti è stato davvero utile?",
                    ),
                    "en": (
                        "Who a peer coach is",
                        "A peer who accompanies: they have lived similar experiences and help "
                        "others find their own answers.",
                        "<p>A peer coach is a member of the community who has been through "
                        "journeys similar to those of the people they accompany: arriving in "
                        "Italy, permits, looking for work and a home, children's school. They "
                        "are not an expert handing out solutions: they are a <b>peer</b> who "
                        "listens, asks questions and helps the other person see their own "
                        "resources.</p><p>Peer coaching works because it grows from trust: the "
                        "person speaking feels understood by someone who knows their language, "
                        "their culture and the practical difficulties they face.</p>",
                        "",
                        "Think of someone who helped you when you arrived. What did they do "
                        "that was really useful to you?",
                    ),
                },
                {
                    "slug": "confini-ed-etica",
                    "minutes": 20,
                    "it": (
                        "Confini ed etica del ruolo",
                        "Riservatezza, rispetto delle scelte, quando indirizzare ai servizi.",
                        "<p>Tre regole tengono in piedi la relazione di coaching:</p><ul>"
                        "<li><b>Riservatezza</b>: ciò che viene detto resta tra voi, salvo "
                        "pericolo per la persona o per altri.</li><li><b>Autonomia</b>: le "
                        "decisioni sono della persona, non tue.</li><li><b>Limiti</b>: il peer "
                        "coach non sostituisce avvocati, medici, psicologi o assistenti "
                        "sociali; sa quando e a chi indirizzare.</li></ul>",
                        "<p>Fai una lista dei servizi della tua città a cui potresti indirizzare "
                        "una persona (sportello immigrazione, centro per l'impiego, consultorio, "
                        "CAF, sindacati). Per ognuno scrivi indirizzo e orari.</p>",
                        "Quale dei tre confini ti sembra più difficile da rispettare, e perché?",
                    ),
                    "en": (
                        "Boundaries and ethics of the role",
                        "Confidentiality, respect for choices, when to refer to services.",
                        "<p>Three rules hold the coaching relationship together:</p><ul>"
                        "<li><b>Confidentiality</b>: what is said stays between you, unless "
                        "someone is in danger.</li><li><b>Autonomy</b>: decisions belong to the "
                        "person, not to you.</li><li><b>Limits</b>: a peer coach does not "
                        "replace lawyers, doctors, psychologists or social workers; they know "
                        "when and to whom to refer.</li></ul>",
                        "<p>List the services in your city you could refer someone to "
                        "(immigration desk, job centre, family health centre, tax assistance "
                        "centre, trade unions). For each, write the address and opening "
                        "hours.</p>",
                        "Which of the three boundaries seems hardest to keep, and why?",
                    ),
                },
                {
                    "slug": "patto-di-coaching",
                    "minutes": 15,
                    "it": (
                        "Il patto di coaching",
                        "Un accordo chiaro all'inizio evita incomprensioni dopo.",
                        "<p>Al primo incontro concordate insieme: l'obiettivo, quante volte vi "
                        "vedrete, dove, per quanto tempo, come vi contatterete e come capirete "
                        "che il percorso è concluso. Scrivetelo in poche righe, nella lingua "
                        "più comoda per la persona.</p>",
                        "<p>Scrivi una bozza di patto di coaching per una persona immaginaria "
                        "che vuole iscriversi a un corso di formazione professionale.</p>",
                        "",
                    ),
                    "en": (
                        "The coaching agreement",
                        "A clear agreement at the start avoids misunderstandings later.",
                        "<p>At the first meeting agree together on: the goal, how often you "
                        "will meet, where, for how long, how you will contact each other and "
                        "how you will know the journey is over. Write it in a few lines, in "
                        "the language most comfortable for the person.</p>",
                        "<p>Draft a coaching agreement for an imaginary person who wants to "
                        "enrol in a vocational training course.</p>",
                        "",
                    ),
                },
            ],
        },
        {
            "slug": "ascolto-e-domande",
            "it": (
                "Ascolto attivo e domande potenti",
                "Gli strumenti di base di ogni conversazione di coaching.",
            ),
            "en": (
                "Active listening and powerful questions",
                "The basic tools of every coaching conversation.",
            ),
            "lessons": [
                {
                    "slug": "ascoltare-per-capire",
                    "minutes": 20,
                    "it": (
                        "Ascoltare per capire",
                        "Ascoltare non è aspettare il proprio turno per parlare.",
                        "<p>L'ascolto attivo ha tre movimenti: <b>prestare attenzione</b> "
                        "(sguardo, postura, nessun telefono), <b>riformulare</b> (\u201cse ho "
                        "capito bene, mi stai dicendo che…\u201d) e <b>accogliere le "
                        "emozioni</b> (\u201csembri preoccupato per…\u201d). Riformulare "
                        "permette all'altra persona di correggerti e di sentirsi capita.</p>",
                        "<p>In coppia: una persona racconta per tre minuti una difficoltà "
                        "recente; l'altra ascolta senza dare consigli e alla fine riformula. "
                        "Poi scambiatevi i ruoli.</p>",
                        "Quando ti sei sentito davvero ascoltato? Che cosa faceva l'altra persona?",
                    ),
                    "en": (
                        "Listening to understand",
                        "Listening is not waiting for your turn to speak.",
                        "<p>Active listening has three moves: <b>paying attention</b> (eye "
                        "contact, posture, no phone), <b>paraphrasing</b> (\u201cif I understood "
                        "well, you are telling me that…\u201d) and <b>acknowledging "
                        "emotions</b> (\u201cyou seem worried about…\u201d). Paraphrasing lets "
                        "the other person correct you and feel understood.</p>",
                        "<p>In pairs: one person talks for three minutes about a recent "
                        "difficulty; the other listens without giving advice and paraphrases "
                        "at the end. Then swap roles.</p>",
                        "When did you feel really listened to? What was the other person doing?",
                    ),
                },
                {
                    "slug": "domande-potenti",
                    "minutes": 20,
                    "it": (
                        "Domande potenti",
                        "Domande aperte che aprono possibilità invece di chiuderle.",
                        "<p>Una domanda potente è <b>aperta</b> (non si risponde con sì o no), "
                        "<b>breve</b> e rivolta al futuro. Esempi: \u201cChe cosa vorresti che "
                        "succedesse?\u201d, \u201cChe cosa hai già provato?\u201d, \u201cChi "
                        "potrebbe aiutarti?\u201d, \u201cQual è il primo piccolo passo?\u201d. "
                        "Evita i \u201cperché\u201d che suonano come un giudizio.</p>",
                        "<p>Trasforma queste domande chiuse in domande aperte: \u201cHai "
                        "parlato con l'assistente sociale?\u201d, \u201cSei sicuro di voler "
                        "cambiare lavoro?\u201d, \u201cNon pensi che sia troppo difficile?"
                        "\u201d</p>",
                        "Scrivi la domanda che, secondo te, ti avrebbe aiutato di più nel tuo "
                        "primo anno in Italia.",
                    ),
                    "en": (
                        "Powerful questions",
                        "Open questions that open possibilities instead of closing them.",
                        "<p>A powerful question is <b>open</b> (you cannot answer yes or no), "
                        "<b>short</b> and looks to the future. Examples: \u201cWhat would you "
                        "like to happen?\u201d, \u201cWhat have you already tried?\u201d, "
                        "\u201cWho could help you?\u201d, \u201cWhat is the first small "
                        "step?\u201d. Avoid \u201cwhy\u201d questions that sound like a "
                        "judgement.</p>",
                        "<p>Turn these closed questions into open ones: \u201cHave you talked "
                        "to the social worker?\u201d, \u201cAre you sure you want to change "
                        "jobs?\u201d, \u201cDon't you think it is too hard?\u201d</p>",
                        "Write the question that, in your opinion, would have helped you most "
                        "in your first year in Italy.",
                    ),
                },
                {
                    "slug": "obiettivi-e-feedback",
                    "minutes": 15,
                    "it": (
                        "Obiettivi e feedback",
                        "Dalla conversazione all'azione: obiettivi chiari e feedback utili.",
                        "<p>Un buon obiettivo è specifico, raggiungibile e ha una data: non "
                        "\u201ctrovare lavoro\u201d ma \u201cinviare tre candidature entro "
                        "venerdì\u201d. Il feedback utile descrive un fatto, il suo effetto e "
                        "una proposta, senza giudicare la persona.</p>",
                        "",
                        "",
                    ),
                    "en": (
                        "Goals and feedback",
                        "From conversation to action: clear goals and useful feedback.",
                        "<p>A good goal is specific, achievable and has a date: not \u201cfind "
                        "a job\u201d but \u201csend three applications by Friday\u201d. Useful "
                        "feedback describes a fact, its effect and a suggestion, without "
                        "judging the person.</p>",
                        "",
                        "",
                    ),
                },
            ],
        },
        {
            "slug": "processi-partecipativi",
            "it": (
                "Promuovere processi partecipativi",
                "Coinvolgere la comunità nelle decisioni che la riguardano.",
            ),
            "en": (
                "Promoting participatory processes",
                "Involving the community in the decisions that concern it.",
            ),
            "lessons": [
                {
                    "slug": "scala-della-partecipazione",
                    "minutes": 20,
                    "it": (
                        "La scala della partecipazione",
                        "Informare, consultare, co-decidere: non è tutto uguale.",
                        "<p>La \u201cscala della partecipazione\u201d di Sherry Arnstein (1969) "
                        "distingue livelli diversi: dall'informazione, alla consultazione, "
                        "fino alla co-decisione e al controllo da parte dei cittadini. Prima di "
                        "invitare le persone, chiarisci a quale gradino si trova il processo: "
                        "promettere di più di quello che si può dare distrugge la fiducia.</p>"
                        "<p>In Puglia la legge regionale n. 28 del 2017 sulla partecipazione "
                        "prevede processi partecipativi promossi anche da cittadini e "
                        "associazioni.</p>",
                        "",
                        "Ricorda un'occasione in cui sei stato \u201cconsultato\u201d. La tua "
                        "opinione ha cambiato qualcosa?",
                    ),
                    "en": (
                        "The ladder of participation",
                        "Informing, consulting, deciding together: they are not the same.",
                        "<p>Sherry Arnstein's \u201cladder of participation\u201d (1969) "
                        "distinguishes different levels: from information, to consultation, up "
                        "to shared decisions and citizen control. Before inviting people, be "
                        "clear about which rung the process is on: promising more than can be "
                        "given destroys trust.</p><p>In Apulia, regional law no. 28 of 2017 on "
                        "participation provides for participatory processes promoted by "
                        "citizens and associations too.</p>",
                        "",
                        "Remember a time when you were \u201cconsulted\u201d. Did your opinion "
                        "change anything?",
                    ),
                },
                {
                    "slug": "facilitare-un-incontro",
                    "minutes": 25,
                    "it": (
                        "Facilitare un incontro di comunità",
                        "Preparare, condurre e chiudere una riunione in cui tutti parlano.",
                        "<p>Prima: obiettivo chiaro, luogo accessibile, orario compatibile con "
                        "il lavoro, interpreti se servono. Durante: regole condivise, giro di "
                        "parola, tempi visibili, una persona che scrive. Dopo: un breve "
                        "resoconto inviato a tutti, con chi fa che cosa e entro quando.</p>",
                        "<p>Prepara la scaletta di un incontro di un'ora per decidere insieme "
                        "le attività estive della tua associazione.</p>",
                        "",
                    ),
                    "en": (
                        "Facilitating a community meeting",
                        "Preparing, running and closing a meeting where everyone speaks.",
                        "<p>Before: a clear goal, an accessible place, a time that fits work "
                        "schedules, interpreters if needed. During: shared rules, speaking "
                        "rounds, visible timing, someone taking notes. After: a short summary "
                        "sent to everyone, with who does what by when.</p>",
                        "<p>Prepare the running order of a one-hour meeting to decide your "
                        "association's summer activities together.</p>",
                        "",
                    ),
                },
            ],
        },
        {
            "slug": "istituzioni-e-politiche",
            "unlock_after_previous": True,
            "it": (
                "Dialogare con le istituzioni locali e influenzare le politiche",
                "Conoscere il Comune, usare gli strumenti di partecipazione, fare proposte.",
            ),
            "en": (
                "Talking with local institutions and influencing local policies",
                "Knowing the municipality, using participation tools, making proposals.",
            ),
            "lessons": [
                {
                    "slug": "come-funziona-il-comune",
                    "minutes": 20,
                    "it": (
                        "Come funziona il Comune",
                        "Sindaco, giunta, consiglio, uffici: chi decide che cosa.",
                        "<p>Il <b>consiglio comunale</b> approva regolamenti e bilancio; la "
                        "<b>giunta</b>, guidata dal sindaco, governa e propone; gli "
                        "<b>uffici</b> (i dirigenti e i funzionari) attuano. Per un problema "
                        "pratico parti dall'ufficio competente; per cambiare una regola serve "
                        "il consiglio; per una priorità politica, l'assessore.</p>",
                        "<p>Cerca sul sito del tuo Comune il nome dell'assessore alle politiche "
                        "sociali e l'ufficio che si occupa di immigrazione.</p>",
                        "",
                    ),
                    "en": (
                        "How the municipality works",
                        "Mayor, executive, council, offices: who decides what.",
                        "<p>The <b>city council</b> approves regulations and the budget; the "
                        "<b>executive</b> (giunta), led by the mayor, governs and proposes; the "
                        "<b>offices</b> (managers and officials) carry things out. For a "
                        "practical problem start from the competent office; to change a rule "
                        "you need the council; for a political priority, the councillor in "
                        "charge.</p>",
                        "<p>Find on your municipality's website the name of the councillor for "
                        "social policies and the office that deals with immigration.</p>",
                        "",
                    ),
                },
                {
                    "slug": "strumenti-di-partecipazione",
                    "minutes": 20,
                    "it": (
                        "Gli strumenti di partecipazione",
                        "Consulte, istanze, petizioni e accesso civico.",
                        "<p>Molti Comuni hanno una <b>consulta</b> degli stranieri o delle "
                        "associazioni. Lo statuto comunale prevede <b>istanze, petizioni e "
                        "proposte</b> dei cittadini. Con l'<b>accesso civico generalizzato</b> "
                        "(d.lgs. 33/2013) chiunque può chiedere documenti e dati della pubblica "
                        "amministrazione, senza dover motivare la richiesta.</p>",
                        "",
                        "Quale di questi strumenti potrebbe servire alla tua comunità oggi?",
                    ),
                    "en": (
                        "Participation tools",
                        "Councils, requests, petitions and civic access.",
                        "<p>Many municipalities have a <b>council</b> of foreign residents or of "
                        "associations. The municipal statute provides for citizens' "
                        "<b>requests, petitions and proposals</b>. With <b>generalised civic "
                        "access</b> (Legislative Decree 33/2013) anyone can ask for documents "
                        "and data of the public administration, without giving a reason.</p>",
                        "",
                        "Which of these tools could serve your community today?",
                    ),
                },
                {
                    "slug": "scrivere-una-proposta",
                    "minutes": 30,
                    "it": (
                        "Scrivere una proposta",
                        "Problema, dati, soluzione, richiesta: una pagina che si fa leggere.",
                        "<p>Una proposta efficace sta in una pagina: il <b>problema</b> (chi "
                        "riguarda, con qualche dato), la <b>soluzione</b> proposta, che cosa "
                        "<b>chiedete</b> al Comune e che cosa <b>offrite</b> voi (tempo, "
                        "volontari, spazi, contatti). Chiudete con un contatto e una richiesta "
                        "di incontro.</p>",
                        "<p>Scrivi una proposta di una pagina su un problema del tuo quartiere "
                        "e caricala nella sessione di laboratorio.</p>",
                        "Che cosa potrebbe offrire la tua associazione al Comune?",
                    ),
                    "en": (
                        "Writing a proposal",
                        "Problem, data, solution, request: one page that gets read.",
                        "<p>An effective proposal fits on one page: the <b>problem</b> (who it "
                        "affects, with some data), the proposed <b>solution</b>, what you "
                        "<b>ask</b> of the municipality and what you <b>offer</b> (time, "
                        "volunteers, spaces, contacts). Close with a contact and a request for "
                        "a meeting.</p>",
                        "<p>Write a one-page proposal on a problem in your neighbourhood and "
                        "bring it to the workshop session.</p>",
                        "What could your association offer the municipality?",
                    ),
                },
            ],
        },
        {
            "slug": "iniziative-sostenibili",
            "it": (
                "Rendere sostenibili le iniziative",
                "Reti, alleanze e risorse per durare nel tempo.",
            ),
            "en": (
                "Keeping initiatives sustainable",
                "Networks, alliances and resources to last over time.",
            ),
            "lessons": [
                {
                    "slug": "reti-e-alleanze",
                    "minutes": 15,
                    "it": (
                        "Reti e alleanze",
                        "Nessuna associazione ce la fa da sola.",
                        "<p>Disegna la mappa dei tuoi alleati: altre associazioni, parrocchie e "
                        "luoghi di culto, sindacati, scuole, università, uffici pubblici. Per "
                        "ognuno chiediti: che cosa possiamo fare insieme, e che cosa possiamo "
                        "dare noi?</p>",
                        "",
                        "",
                    ),
                    "en": (
                        "Networks and alliances",
                        "No association can make it alone.",
                        "<p>Draw the map of your allies: other associations, parishes and "
                        "places of worship, trade unions, schools, universities, public "
                        "offices. For each ask yourself: what can we do together, and what can "
                        "we give?</p>",
                        "",
                        "",
                    ),
                },
                {
                    "slug": "fonti-di-finanziamento",
                    "minutes": 20,
                    "it": (
                        "Fonti di finanziamento",
                        "Quote, 5 per mille, bandi, raccolta fondi.",
                        "<p>Non dipendere da una sola fonte. Le quote associative e le attività "
                        "dei soci danno autonomia; il <b>5 per mille</b> è accessibile agli enti "
                        "iscritti al RUNTS; i <b>bandi</b> pubblici e delle fondazioni "
                        "richiedono progetti scritti bene e rendicontazione; la <b>raccolta "
                        "fondi</b> costruisce anche relazioni.</p>",
                        "<p>Trova un bando aperto (Regione, fondazione o Comune) adatto alla tua "
                        "associazione e annota scadenza e requisiti.</p>",
                        "",
                    ),
                    "en": (
                        "Sources of funding",
                        "Membership fees, the 5 per thousand, calls, fundraising.",
                        "<p>Do not depend on a single source. Membership fees and members' "
                        "activities give independence; the <b>5 per thousand</b> of income tax "
                        "is open to bodies registered in RUNTS; public and foundation <b>calls "
                        "for proposals</b> need well-written projects and reporting; "
                        "<b>fundraising</b> builds relationships too.</p>",
                        "<p>Find an open call (Region, foundation or municipality) that suits "
                        "your association and note its deadline and requirements.</p>",
                        "",
                    ),
                },
            ],
        },
        {
            "slug": "gestire-associazione",
            "it": (
                "Gestire un'associazione",
                "Le basi amministrative per un'associazione in regola.",
            ),
            "en": (
                "Running an association",
                "The administrative basics of an association in good standing.",
            ),
            "lessons": [
                {
                    "slug": "forme-giuridiche-e-runts",
                    "minutes": 20,
                    "it": (
                        "Forme giuridiche e RUNTS",
                        "Associazione di promozione sociale, organizzazione di volontariato, "
                        "e il Registro unico del Terzo settore.",
                        "<p>Il Codice del Terzo settore (d.lgs. 117/2017) definisce gli enti del "
                        "Terzo settore, tra cui le <b>associazioni di promozione sociale</b> "
                        "(APS) e le <b>organizzazioni di volontariato</b> (ODV). L'iscrizione "
                        "al <b>RUNTS</b>, il Registro unico nazionale, dà accesso a "
                        "agevolazioni fiscali, al 5 per mille e alle convenzioni con gli enti "
                        "pubblici, ma chiede uno statuto conforme e bilanci pubblicati.</p>",
                        "",
                        "",
                    ),
                    "en": (
                        "Legal forms and RUNTS",
                        "Social promotion associations, voluntary organisations and the single "
                        "Third Sector register.",
                        "<p>The Third Sector Code (Legislative Decree 117/2017) defines Third "
                        "Sector bodies, including <b>social promotion associations</b> (APS) "
                        "and <b>voluntary organisations</b> (ODV). Registering in <b>RUNTS</b>, "
                        "the single national register, gives access to tax benefits, the 5 per "
                        "thousand and agreements with public bodies, but requires a compliant "
                        "statute and published accounts.</p>",
                        "",
                        "",
                    ),
                },
                {
                    "slug": "bilancio-e-verbali",
                    "minutes": 25,
                    "it": (
                        "Bilancio, verbali e adempimenti",
                        "Le carte che tengono in ordine un'associazione.",
                        "<p>Ogni anno l'assemblea approva il <b>bilancio</b> (o il rendiconto "
                        "per cassa, se le entrate sono contenute). Ogni riunione di assemblea e "
                        "direttivo ha un <b>verbale</b> firmato, conservato nel libro dei "
                        "verbali; il <b>libro soci</b> è aggiornato. Tieni un calendario delle "
                        "scadenze: assemblea, deposito del bilancio, rinnovo delle cariche.</p>",
                        "<p>Scrivi il verbale di una breve assemblea immaginaria che approva il "
                        "rendiconto e elegge il nuovo direttivo.</p>",
                        "Che cosa cambieresti nell'organizzazione della tua associazione dopo "
                        "questo percorso?",
                    ),
                    "en": (
                        "Accounts, minutes and obligations",
                        "The paperwork that keeps an association in order.",
                        "<p>Every year the general meeting approves the <b>accounts</b> (or a "
                        "cash statement, if income is small). Every general and board meeting "
                        "has signed <b>minutes</b>, kept in the minute book; the <b>members' "
                        "register</b> is up to date. Keep a calendar of deadlines: general "
                        "meeting, filing of accounts, renewal of offices.</p>",
                        "<p>Write the minutes of a short imaginary general meeting that "
                        "approves the accounts and elects the new board.</p>",
                        "What would you change in the way your association is run after this path?",
                    ),
                },
            ],
        },
    ],
}

WORKSHOPS = {
    "slug": "laboratori-apprendimento-cooperativo",
    "tags": ["tecnologia civica", "politiche locali", "co-progettazione"],
    "languages": ["it", "en"],
    "hours": 12,
    "self_enrollment": False,
    "it": {
        "title": "Laboratori di apprendimento cooperativo",
        "summary": (
            "Migranti e personale degli enti locali imparano insieme: strumenti di tecnologia "
            "civica, come nascono le politiche locali e come co-progettarle."
        ),
        "audience": (
            "Gruppi misti di cittadini stranieri, associazioni e dipendenti di Comuni e servizi "
            "pubblici di Bari, Foggia e Lecce."
        ),
        "prerequisites": "Consigliato: aver completato il primo modulo del percorso peer coach.",
        "competencies": (
            "Strumenti di partecipazione digitale\nOpen data e accesso civico\n"
            "Co-progettazione di politiche e servizi\nPatti di collaborazione"
        ),
    },
    "en": {
        "title": "Cooperative-learning workshops",
        "summary": (
            "Migrants and local-authority staff learn together: civic-technology tools, how "
            "local policies are made and how to co-design them."
        ),
        "audience": (
            "Mixed groups of foreign citizens, associations and staff of municipalities and "
            "public services in Bari, Foggia and Lecce."
        ),
        "prerequisites": "Recommended: the first module of the peer-coach path.",
        "competencies": (
            "Digital participation tools\nOpen data and civic access\n"
            "Co-design of policies and services\nCollaboration pacts"
        ),
    },
    "modules": [
        {
            "slug": "tecnologia-civica",
            "it": (
                "Strumenti di tecnologia civica",
                "Il digitale al servizio della partecipazione.",
            ),
            "en": ("Civic-technology tools", "Digital tools at the service of participation."),
            "lessons": [
                {
                    "slug": "piattaforme-partecipazione",
                    "minutes": 20,
                    "it": (
                        "Piattaforme di partecipazione digitale",
                        "Consultazioni online, proposte dei cittadini, votazioni.",
                        "<p>Piattaforme open source come <b>Decidim</b> e <b>Consul</b> "
                        "permettono ai Comuni di aprire consultazioni, raccogliere proposte e "
                        "far votare i cittadini. Funzionano se sono accompagnate da incontri "
                        "in presenza, linguaggio semplice e più lingue: il digitale da solo "
                        "esclude chi non ha connessione o competenze.</p>",
                        "<p>In gruppo misto: scegliete un servizio del Comune e immaginate una "
                        "consultazione online. Chi rischia di restare escluso e come lo "
                        "coinvolgereste?</p>",
                        "",
                    ),
                    "en": (
                        "Digital participation platforms",
                        "Online consultations, citizens' proposals, votes.",
                        "<p>Open-source platforms such as <b>Decidim</b> and <b>Consul</b> let "
                        "municipalities open consultations, collect proposals and hold citizen "
                        "votes. They work when paired with face-to-face meetings, plain "
                        "language and several languages: digital alone excludes people without "
                        "a connection or skills.</p>",
                        "<p>In a mixed group: choose a municipal service and imagine an online "
                        "consultation. Who risks being left out, and how would you involve "
                        "them?</p>",
                        "",
                    ),
                },
                {
                    "slug": "open-data-accesso-civico",
                    "minutes": 20,
                    "it": (
                        "Open data e accesso civico",
                        "Trovare e usare i dati pubblici per argomentare.",
                        "<p>Molti dati sono già pubblici: portali open data di Comuni e "
                        "Regione, \u201cAmministrazione trasparente\u201d sui siti istituzionali, "
                        "ISTAT. Quando un dato manca si può chiedere con l'<b>accesso civico "
                        "generalizzato</b>: la risposta è dovuta entro 30 giorni.</p>",
                        "",
                        "Quale dato ti servirebbe per sostenere una proposta della tua comunità?",
                    ),
                    "en": (
                        "Open data and civic access",
                        "Finding and using public data to make your case.",
                        "<p>Much data is already public: the open-data portals of "
                        "municipalities and the Region, the \u201cTransparent administration"
                        "\u201d section of institutional websites, ISTAT. When data is missing "
                        "you can ask for it through <b>generalised civic access</b>: an answer "
                        "is due within 30 days.</p>",
                        "",
                        "Which data would you need to support a proposal from your community?",
                    ),
                },
            ],
        },
        {
            "slug": "politiche-locali",
            "it": ("Come si fanno le politiche locali", "Dal problema alla decisione."),
            "en": ("How local policies are made", "From the problem to the decision."),
            "lessons": [
                {
                    "slug": "ciclo-delle-politiche",
                    "minutes": 20,
                    "it": (
                        "Il ciclo delle politiche pubbliche",
                        "Agenda, progettazione, decisione, attuazione, valutazione.",
                        "<p>Una politica attraversa fasi: un problema entra nell'<b>agenda</b>, "
                        "si <b>progettano</b> le soluzioni, si <b>decide</b> (delibere, "
                        "regolamenti, bilancio), si <b>attua</b> e si <b>valuta</b>. I cittadini "
                        "possono intervenire in ogni fase, ma è più facile all'inizio, quando "
                        "il problema viene definito.</p>",
                        "",
                        "",
                    ),
                    "en": (
                        "The public-policy cycle",
                        "Agenda, design, decision, implementation, evaluation.",
                        "<p>A policy goes through phases: a problem gets on the <b>agenda</b>, "
                        "solutions are <b>designed</b>, a <b>decision</b> is taken (resolutions, "
                        "regulations, budget), it is <b>implemented</b> and <b>evaluated</b>. "
                        "Citizens can step in at every phase, but it is easier at the start, "
                        "when the problem is being defined.</p>",
                        "",
                        "",
                    ),
                },
                {
                    "slug": "bilancio-comunale",
                    "minutes": 25,
                    "it": (
                        "Leggere il bilancio comunale",
                        "Dove sono i soldi e quando si decide come spenderli.",
                        "<p>Il bilancio di previsione si approva di solito entro fine anno: è "
                        "il momento in cui si decidono le priorità. Alcuni Comuni hanno "
                        "esperienze di <b>bilancio partecipativo</b>, in cui una parte delle "
                        "risorse è destinata a progetti proposti e votati dai cittadini.</p>",
                        "<p>Cercate sul sito del vostro Comune la spesa per le politiche sociali "
                        "dell'ultimo bilancio e confrontatela con quella dell'anno prima.</p>",
                        "",
                    ),
                    "en": (
                        "Reading the municipal budget",
                        "Where the money is and when it is decided how to spend it.",
                        "<p>The budget is usually approved by the end of the year: that is when "
                        "priorities are set. Some municipalities run a <b>participatory "
                        "budget</b>, in which part of the resources goes to projects proposed "
                        "and voted by citizens.</p>",
                        "<p>Find on your municipality's website the social-policy spending in "
                        "the latest budget and compare it with the year before.</p>",
                        "",
                    ),
                },
            ],
        },
        {
            "slug": "co-progettazione",
            "it": (
                "Co-progettare con la pubblica amministrazione",
                "Lavorare insieme, con regole chiare.",
            ),
            "en": (
                "Co-design with public administrations",
                "Working together, with clear rules.",
            ),
            "lessons": [
                {
                    "slug": "co-programmazione-co-progettazione",
                    "minutes": 20,
                    "it": (
                        "Co-programmazione e co-progettazione",
                        "L'articolo 55 del Codice del Terzo settore.",
                        "<p>L'articolo 55 del Codice del Terzo settore prevede che le "
                        "amministrazioni coinvolgano gli enti del Terzo settore nella "
                        "<b>co-programmazione</b> (capire insieme i bisogni) e nella "
                        "<b>co-progettazione</b> (costruire insieme gli interventi). Non è una "
                        "gara al ribasso: è una collaborazione in cui ciascuno porta "
                        "risorse.</p>",
                        "",
                        "",
                    ),
                    "en": (
                        "Co-programming and co-design",
                        "Article 55 of the Third Sector Code.",
                        "<p>Article 55 of the Third Sector Code requires administrations to "
                        "involve Third Sector bodies in <b>co-programming</b> (understanding "
                        "needs together) and <b>co-design</b> (building interventions "
                        "together). It is not a race to the lowest bid: it is a collaboration "
                        "in which each side brings resources.</p>",
                        "",
                        "",
                    ),
                },
                {
                    "slug": "patti-di-collaborazione",
                    "minutes": 25,
                    "it": (
                        "Patti di collaborazione",
                        "Prendersi cura insieme dei beni comuni.",
                        "<p>Con un <b>regolamento dei beni comuni</b> (il primo fu adottato a "
                        "Bologna nel 2014) il Comune può firmare con cittadini e associazioni "
                        "<b>patti di collaborazione</b> per curare un giardino, animare una "
                        "biblioteca, riaprire uno spazio inutilizzato. Il patto dice chi fa "
                        "che cosa, con quali risorse e per quanto tempo.</p>",
                        "<p>In gruppo misto: scegliete un bene comune del vostro quartiere e "
                        "scrivete la bozza di un patto di collaborazione.</p>",
                        "Che cosa hai imparato lavorando con persone dell'altra parte del tavolo?",
                    ),
                    "en": (
                        "Collaboration pacts",
                        "Taking care of the commons together.",
                        "<p>With a <b>commons regulation</b> (the first was adopted in Bologna "
                        "in 2014) the municipality can sign <b>collaboration pacts</b> with "
                        "citizens and associations to look after a garden, run activities in a "
                        "library, reopen an unused space. The pact says who does what, with "
                        "which resources and for how long.</p>",
                        "<p>In a mixed group: choose a common good in your neighbourhood and "
                        "draft a collaboration pact.</p>",
                        "What did you learn working with people from the other side of the table?",
                    ),
                },
            ],
        },
    ],
}

COURSES = [PEER_COACH, WORKSHOPS]
