"""Measure a large question import: ``python -m bench.imports [--megabytes 20]``.

Writes a GIFT file of the given size (about 22,000 questions for 20 MB: single and
multiple choice with feedback, true/false, short answers, numerical ranges and
tolerances, matching, categories, IDs and tags, in Italian with accents), imports it
through the real service as ``manage.py import_questions`` does, and reports the wall
time and the peak resident memory of the importing process (``ru_maxrss``, Django
already loaded, so the figure is what a worker would reach). Then the same file with
its last question broken: how long until it is refused, and that nothing was saved.
Everything it made is removed afterwards. A measurement, not a test.

Runs in its own process (``bench.run`` calls it with the bench database); it works
with any version of ``questions_import`` that takes ``text``, ``fmt`` and
``category_path``, so it can measure an older checkout as well.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path.cwd()
CATEGORY = "Bench import"

_KINDS = [
    (
        "// [id:{id}] [tag:modulo-{m}] [tag:bench]\n"
        "::Domanda {n}::[html]<p>Nel progetto {n}, quale comportamento mostra un ascolto "
        "attivo da parte del peer coach durante l'incontro con il gruppo di lavoro?</p>{{\n"
        "\t=Riformula ciò che ha sentito e chiede conferma#Sì: riformulare mostra attenzione "
        "e permette di correggere i malintesi prima che diventino conflitti.\n"
        "\t~Interrompe per dare subito la soluzione#No: interrompere toglie spazio a chi "
        "parla e spesso porta a soluzioni che il gruppo non sente proprie.\n"
        "\t~Prende appunti senza guardare nessuno#Non basta: il contatto visivo conta.\n"
        "\t~Cambia argomento quando la discussione si accende#No.\n"
        "\t####L'ascolto attivo è una competenza che si allena: osserva, riformula, chiedi.\n"
        "}}"
    ),
    (
        "::Vero o falso {n}::Nel modello partecipativo {n} le decisioni si prendono solo "
        "dopo che ogni persona coinvolta ha potuto esprimere il proprio punto di vista, "
        "anche quando questo richiede più tempo del previsto.{{TRUE#No: la partecipazione "
        "richiede tempo, ed è previsto.#Esatto: il tempo dell'ascolto fa parte del metodo.}}"
    ),
    (
        "// [tag:numerici]\n"
        "::Numerica {n}::Un gruppo di {m} persone si divide in sottogruppi da 4. Quante "
        "persone restano, al massimo, senza un sottogruppo completo? Indica il numero, con "
        "una tolleranza di mezza unità per chi arrotonda.{{#\n"
        "\t=3:0.5#Giusto: il resto della divisione per 4 è al massimo 3.\n"
        "\t=%50%2..4#Quasi: l'intervallo è corretto, ma il valore esatto è 3.\n"
        "\t~#Rileggi la domanda: conta il resto della divisione.\n"
        "}}"
    ),
    (
        "::Abbinamenti {n}::Abbina ogni fase del ciclo di progetto {n} alla sua attività "
        "principale, così come è stata presentata nel modulo sull'iniziativa sostenibile.{{\n"
        "\t=Analisi -> raccolta dei bisogni del territorio\n"
        "\t=Progettazione -> definizione di obiettivi e risorse\n"
        "\t=Realizzazione -> attività con i partecipanti\n"
        "\t=Valutazione -> confronto tra risultati e obiettivi\n"
        "}}"
    ),
    (
        "::Risposta breve {n}::Come si chiama lo strumento con cui il gruppo {n} mette in "
        "ordine le idee raccolte durante il brainstorming, raggruppandole per affinità? "
        "Scrivi una o due parole.{{=mappa concettuale#Esatto. =%50%mappa#Quasi: quale "
        "mappa? =%80%mappa mentale#Accettabile, ma nel modulo si parla di mappa concettuale.}}"
    ),
    (
        "::Scelta multipla {n}::Quali di questi elementi fanno parte di una buona "
        "restituzione al gruppo {n} dopo un'attività partecipativa? Scegli tutte le "
        "risposte corrette.{{\n"
        "\t~%50%I risultati principali, detti con parole semplici#Sì.\n"
        "\t~%50%Le prossime tappe e chi se ne occupa#Sì.\n"
        "\t~%-100%Il giudizio su chi ha parlato troppo#No: la restituzione non giudica.\n"
        "\t~%-100%Un elenco di tutte le frasi dette, senza sintesi#No: serve una sintesi.\n"
        "}}"
    ),
]


# A paragraph of context, as trainers write before the question itself: it brings the
# questions to the size of real banks (about 950 bytes each).
_CONTEXT = (
    "[html]<p>Contesto del caso {n}: un'associazione di quartiere ha avviato un percorso "
    "partecipativo con residenti, scuole e commercianti. Dopo tre incontri il gruppo ha "
    "raccolto molte proposte, ma alcune persone dicono di non sentirsi ascoltate e la "
    "partecipazione cala. Il peer coach deve aiutare il gruppo a ritrovare fiducia, "
    "riconoscere i contributi di ognuno e scegliere i prossimi passi in modo condiviso, "
    "tenendo conto dei tempi e delle risorse disponibili.</p>"
)


def generate(path: Path, megabytes: float, broken_last: bool = False) -> int:
    """Write a GIFT file of about ``megabytes`` MB; return its number of questions."""
    target = int(megabytes * 1024 * 1024)
    written = count = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            if count % 500 == 0:
                block = f"$CATEGORY: $course$/top/Modulo {count // 500 + 1}\n\n"
                out.write(block)
                written += len(block.encode())
            kind = _KINDS[count % len(_KINDS)]
            block = kind.format(n=count + 1, m=count % 7 + 1, id=f"B-{count + 1}")
            # The context goes right after the name (or opens a nameless question).
            head, sep, rest = block.rpartition("::")
            context = _CONTEXT.format(n=count + 1)
            if not rest.startswith("[html]"):
                rest = context.removeprefix("[html]") + " " + rest
            else:
                rest = context + rest.removeprefix("[html]")
            block = head + sep + rest + "\n\n"
            out.write(block)
            written += len(block.encode())
            count += 1
        if broken_last:
            out.write("::Rotta::Questa domanda non chiude mai la graffa {=sì ~no\n")
    return count


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _cleanup() -> None:
    from assessments.models import Question, QuestionCategory

    categories = QuestionCategory.objects.filter(full_path__startswith=CATEGORY)
    Question.objects.filter(category__in=categories).delete()
    for category in categories.order_by("-full_path"):
        category.delete()


def _import(path: Path):
    """Import ``path`` as ``manage.py import_questions`` does: streamed where the service
    takes a path, else read into memory first (older versions)."""
    import inspect

    from assessments.services import questions_import

    if "path" in inspect.signature(questions_import).parameters:
        return questions_import(path=path, fmt="gift", category_path=CATEGORY)
    text = path.read_bytes().decode("utf-8-sig")
    return questions_import(text=text, fmt="gift", category_path=CATEGORY)


def _count(result, name: str) -> int:
    ids = getattr(result, f"{name}_ids", None)
    return len(ids) if ids is not None else len(getattr(result, name, result.questions))


def run(megabytes: float = 20.0) -> dict:
    from assessments.importers import QuestionImportError
    from assessments.models import Question

    _cleanup()
    with tempfile.TemporaryDirectory(prefix="impact-import-") as tmp:
        good, broken = Path(tmp) / "bank.gift", Path(tmp) / "broken.gift"
        count = generate(good, megabytes)
        generate(broken, megabytes, broken_last=True)
        size_mb = round(good.stat().st_size / 1024 / 1024, 1)
        rss_before = _rss_mb()
        start, cpu = time.perf_counter(), time.process_time()
        result = _import(good)
        seconds = round(time.perf_counter() - start, 1)
        cpu_seconds = round(time.process_time() - cpu, 1)
        imported = _count(result, "question")
        del result
        peak = _rss_mb()
        start = time.perf_counter()
        try:
            _import(broken)
            refused, problems = False, []
        except QuestionImportError as error:
            refused, problems = True, [str(problem) for problem in error.problems]
        refuse_seconds = round(time.perf_counter() - start, 1)
        saved_after_refusal = Question.objects.filter(name="Rotta").exists()
        # Re-import of the same file: nothing new (only meaningful where re-import matches).
        start = time.perf_counter()
        again = _import(good)
        reimport_seconds = round(time.perf_counter() - start, 1)
        reimport_new = _count(again, "created")
        del again
    _cleanup()
    return {
        "file_mb": size_mb,
        "questions": count,
        "imported": imported,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_rss_mb": peak,
        "rss_before_mb": rss_before,
        "broken_last_refused": refused,
        "broken_last_problems": problems[:3],
        "broken_last_seconds": refuse_seconds,
        "saved_after_refusal": saved_after_refusal,
        "reimport_seconds": reimport_seconds,
        "reimport_new": reimport_new,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=20.0)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")
    import django

    django.setup()
    print(json.dumps(run(args.megabytes)))


if __name__ == "__main__":
    main()
