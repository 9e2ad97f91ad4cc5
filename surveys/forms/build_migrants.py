"""Writes migrants.xlsx, the study's own questionnaire, from the rows below (run once after an edit:
`python surveys/forms/build_migrants.py`). The .xlsx is what a researcher would upload to KoboToolbox or Koshi;
this script only keeps its three languages readable in review."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

KK, RU, EN = "Kazakh (kk)", "Russian (ru)", "English (en)"

SURVEY_COLUMNS = ["type", "name", f"label::{KK}", f"label::{RU}", f"label::{EN}", "required", "relevant",
                  "constraint", f"constraint_message::{KK}", f"constraint_message::{RU}",
                  f"constraint_message::{EN}", "calculation", "choice_filter", "default", "appearance"]


def q(type_: str, name: str, kk: str = "", ru: str = "", en: str = "", *,
      constraint_message: tuple[str, str, str] | None = None, **more: str) -> dict[str, str]:
    row = {"type": type_, "name": name, f"label::{KK}": kk, f"label::{RU}": ru, f"label::{EN}": en}
    for key, value in more.items():
        row[key] = value
    if constraint_message is not None:  # (kk, ru, en)
        row[f"constraint_message::{KK}"], row[f"constraint_message::{RU}"], row[f"constraint_message::{EN}"] = (
            constraint_message)
    return row


SURVEY = [
    q("select_one yes_no", "consent",
      "Сіз сауалнамаға қатысуға және жауаптарыңыздың иесіз түрде өңделуіне келісесіз бе?",
      "Согласны ли вы участвовать в опросе и на обработку ответов в обезличенном виде?",
      "Do you agree to take part in the survey and to your answers being processed without your identity?",
      required="yes"),
    q("note", "refused_note", "Рақмет, сауалнама аяқталды.", "Спасибо, опрос завершён.",
      "Thank you, the interview ends here.", relevant="${consent} = 'no'"),
    q("begin_group", "respondent", "Респондент туралы", "О респонденте", "About the respondent",
      relevant="${consent} = 'yes'"),
    q("text", "iin", "ЖСН (міндетті емес; тек деректерді байланыстыру үшін сақталады)",
      "ИИН (необязательно; хранится только для связи данных)",
      "IIN (optional; kept only to link records)",
      constraint="regex(., '^[0-9]{12}$')",
      constraint_message=("ЖСН 12 цифрдан тұрады", "ИИН состоит из 12 цифр", "An IIN has 12 digits")),
    q("select_one sex", "sex", "Жынысыңыз", "Ваш пол", "Your sex", required="yes"),
    q("integer", "age", "Жасыңыз (толық жыл)", "Ваш возраст (полных лет)", "Your age (full years)",
      required="yes", constraint=". >= 18 and . <= 80",
      constraint_message=("Сауалнама 18–80 жастағыларға арналған", "Опрос для людей 18–80 лет",
                          "The survey is for people aged 18 to 80")),
    q("select_one region", "origin", "Қай облыстан көшіп келдіңіз?", "Из какого региона вы переехали?",
      "Which region did you move from?", required="yes"),
    q("select_one receiving", "region", "Қазір қай облыста тұрасыз?", "В каком регионе вы живёте сейчас?",
      "Which region do you live in now?", required="yes"),
    q("select_one settlement", "settlement", "Елді мекен", "Населённый пункт", "Settlement", required="yes",
      choice_filter="region = ${region}"),
    q("integer", "moved_year", "Қай жылы көшіп келдіңіз?", "В каком году вы переехали?", "In which year did you move?",
      required="yes", constraint=". >= 1991 and . <= 2026", default="2024",
      constraint_message=("1991 бен 2026 жыл аралығы", "Год от 1991 до 2026", "A year from 1991 to 2026")),
    q("end_group", ""),
    q("begin_group", "move", "Көшу", "Переезд", "The move", relevant="${consent} = 'yes'"),
    q("select_multiple reasons or_other", "reasons", "Көшудің себептері (бірнешеуін таңдауға болады)",
      "Причины переезда (можно выбрать несколько)", "Reasons for moving (choose all that apply)", required="yes"),
    q("select_multiple support", "support", "Қандай қолдау алдыңыз?", "Какую поддержку вы получили?",
      "What support did you receive?", required="yes",
      constraint="not(selected(., 'none') and count-selected(.) > 1)",
      constraint_message=("«Ешқандай» басқа жауаппен бірге таңдалмайды", "«Никакой» нельзя выбрать вместе с другими",
                          "“None” cannot be chosen with another answer")),
    q("end_group", ""),
    q("begin_repeat", "member", "Сізбен бірге тұратын отбасы мүшелері", "Члены семьи, живущие с вами",
      "Household members living with you", relevant="${consent} = 'yes'"),
    q("select_one relation", "member_relation", "Туыстық", "Родство", "Relation", required="yes"),
    q("select_one sex", "member_sex", "Жынысы", "Пол", "Sex", required="yes"),
    q("integer", "member_age", "Жасы", "Возраст", "Age", required="yes", constraint=". >= 0 and . <= 110",
      constraint_message=("0-ден 110-ға дейін", "От 0 до 110", "From 0 to 110")),
    q("select_one yes_no", "member_works", "Жұмыс істей ме?", "Работает ли?", "Does this person work?",
      required="yes", relevant="${member_age} >= 16"),
    q("end_repeat", ""),
    q("calculate", "household_size", calculation="count(${member}) + 1"),
    q("begin_group", "work", "Жұмыс", "Работа", "Work", relevant="${consent} = 'yes'"),
    q("select_one yes_no", "employed", "Қазір жұмыс істейсіз бе?", "Работаете ли вы сейчас?",
      "Do you work now?", required="yes"),
    q("select_one sector", "sector", "Қай салада?", "В какой отрасли?", "In which sector?", required="yes",
      relevant="${employed} = 'yes'"),
    q("select_one contract", "contract", "Жұмысыңыз қалай ресімделген?", "Как оформлена ваша работа?",
      "How is your work arranged?", required="yes", relevant="${employed} = 'yes'"),
    q("calculate", "formal", calculation="if(${contract} = 'written', 1, 0)", relevant="${employed} = 'yes'"),
    q("end_group", ""),
    q("begin_group", "life", "Жаңа жердегі өмір", "Жизнь на новом месте", "Life in the new place",
      relevant="${consent} = 'yes'"),
    q("select_one language", "language", "Үйде қай тілде сөйлейсіз?", "На каком языке вы говорите дома?",
      "Which language do you speak at home?", required="yes"),
    q("select_one satisfaction", "satisfaction", "Жаңа жердегі өміріңізге қаншалықты ризасыз?",
      "Насколько вы довольны жизнью на новом месте?", "How satisfied are you with life in the new place?",
      required="yes", appearance="likert"),
    q("select_one stay", "stay_5y", "Осында тағы кемінде бес жыл тұруды жоспарлайсыз ба?",
      "Планируете ли вы остаться здесь ещё хотя бы на пять лет?",
      "Do you intend to stay here for at least five more years?", required="yes"),
    q("end_group", ""),
    q("note", "thanks", "Рақмет! Жауаптарыңыз сақталады.", "Спасибо! Ваши ответы будут сохранены.",
      "Thank you! Your answers will be saved.", relevant="${consent} = 'yes'"),
]

CHOICE_COLUMNS = ["list_name", "name", f"label::{KK}", f"label::{RU}", f"label::{EN}", "region"]


def c(list_name: str, name: str, kk: str, ru: str, en: str, region: str = "") -> list[str]:
    return [list_name, name, kk, ru, en, region]


REGIONS = [
    ("KZ-10", "Абай облысы", "область Абай", "Abai Region"),
    ("KZ-11", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    ("KZ-15", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    ("KZ-19", "Алматы облысы", "Алматинская область", "Almaty Region"),
    ("KZ-23", "Атырау облысы", "Атырауская область", "Atyrau Region"),
    ("KZ-27", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"),
    ("KZ-31", "Жамбыл облысы", "Жамбылская область", "Jambyl Region"),
    ("KZ-33", "Жетісу облысы", "область Жетісу", "Jetisu Region"),
    ("KZ-35", "Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    ("KZ-39", "Қостанай облысы", "Костанайская область", "Kostanay Region"),
    ("KZ-43", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    ("KZ-47", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    ("KZ-55", "Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    ("KZ-59", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"),
    ("KZ-61", "Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    ("KZ-62", "Ұлытау облысы", "область Ұлытау", "Ulytau Region"),
    ("KZ-63", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"),
    ("KZ-71", "Астана", "Астана", "Astana"),
    ("KZ-75", "Алматы", "Алматы", "Almaty"),
    ("KZ-79", "Шымкент", "Шымкент", "Shymkent"),
]
RECEIVING = ["KZ-59", "KZ-11", "KZ-39", "KZ-55", "KZ-63", "KZ-10"]
SETTLEMENTS = [
    ("KZ-59", "petropavl", "Петропавл", "Петропавловск", "Petropavl"),
    ("KZ-59", "bulaevo", "Булаев", "Булаево", "Bulaevo"),
    ("KZ-59", "mamlyutka", "Мамлют", "Мамлютка", "Mamlyutka"),
    ("KZ-59", "taiynsha", "Тайынша", "Тайынша", "Taiynsha"),
    ("KZ-11", "kokshetau", "Көкшетау", "Кокшетау", "Kokshetau"),
    ("KZ-11", "stepnogorsk", "Степногорск", "Степногорск", "Stepnogorsk"),
    ("KZ-11", "shchuchinsk", "Щучинск", "Щучинск", "Shchuchinsk"),
    ("KZ-39", "kostanay", "Қостанай", "Костанай", "Kostanay"),
    ("KZ-39", "rudny", "Рудный", "Рудный", "Rudny"),
    ("KZ-39", "lisakovsk", "Лисаковск", "Лисаковск", "Lisakovsk"),
    ("KZ-55", "pavlodar", "Павлодар", "Павлодар", "Pavlodar"),
    ("KZ-55", "ekibastuz", "Екібастұз", "Экибастуз", "Ekibastuz"),
    ("KZ-55", "aksu", "Ақсу", "Аксу", "Aksu"),
    ("KZ-63", "oskemen", "Өскемен", "Усть-Каменогорск", "Oskemen"),
    ("KZ-63", "ridder", "Риддер", "Риддер", "Ridder"),
    ("KZ-10", "semey", "Семей", "Семей", "Semey"),
    ("KZ-10", "ayagoz", "Аягөз", "Аягоз", "Ayagoz"),
]

CHOICES = [
    c("yes_no", "yes", "Иә", "Да", "Yes"), c("yes_no", "no", "Жоқ", "Нет", "No"),
    c("sex", "male", "Ер", "Мужской", "Male"), c("sex", "female", "Әйел", "Женский", "Female"),
    *[c("region", code, kk, ru, en) for code, kk, ru, en in REGIONS],
    *[c("receiving", code, kk, ru, en) for code, kk, ru, en in REGIONS if code in RECEIVING],
    *[c("settlement", name, kk, ru, en, region) for region, name, kk, ru, en in SETTLEMENTS],
    c("reasons", "work", "Жұмыс табу", "Поиск работы", "To find work"),
    c("reasons", "wages", "Жалақының жоғарылығы", "Более высокая зарплата", "Higher wages"),
    c("reasons", "housing", "Тұрғын үй", "Жильё", "Housing"),
    c("reasons", "programme", "Мемлекеттік қоныс аудару бағдарламасы", "Государственная программа переселения",
      "The state relocation programme"),
    c("reasons", "family", "Отбасылық себептер", "Семейные причины", "Family reasons"),
    c("reasons", "study", "Оқу", "Учёба", "Study"),
    c("support", "subsidy", "Көшуге субсидия", "Субсидия на переезд", "Relocation subsidy"),
    c("support", "housing", "Тұрғын үйге өтемақы", "Компенсация за жильё", "Housing compensation"),
    c("support", "job", "Жұмысқа орналастыру", "Трудоустройство", "Job placement"),
    c("support", "course", "Тіл немесе құқықтық курс", "Языковой или правовой курс", "Language or legal course"),
    c("support", "none", "Ешқандай", "Никакой", "None"),
    c("relation", "spouse", "Жұбайы", "Супруг(а)", "Spouse"),
    c("relation", "child", "Баласы", "Ребёнок", "Child"),
    c("relation", "parent", "Ата-анасы", "Родитель", "Parent"),
    c("relation", "other", "Басқа туыс", "Другой родственник", "Other relative"),
    c("sector", "agriculture", "Ауыл шаруашылығы", "Сельское хозяйство", "Agriculture"),
    c("sector", "industry", "Өнеркәсіп", "Промышленность", "Industry"),
    c("sector", "construction", "Құрылыс", "Строительство", "Construction"),
    c("sector", "trade", "Сауда және қызмет", "Торговля и услуги", "Trade and services"),
    c("sector", "public", "Білім, денсаулық, мемлекеттік қызмет", "Образование, здравоохранение, госслужба",
      "Education, health, public service"),
    c("contract", "written", "Жазбаша еңбек шарты", "Письменный трудовой договор", "Written employment contract"),
    c("contract", "verbal", "Ауызша келісім", "Устная договорённость", "Verbal agreement"),
    c("contract", "self", "Өзін-өзі жұмыспен қамту", "Самозанятость", "Self-employed"),
    c("language", "kazakh", "Қазақ тілі", "Казахский", "Kazakh"),
    c("language", "russian", "Орыс тілі", "Русский", "Russian"),
    c("language", "both", "Екеуі де", "Оба", "Both"),
    c("language", "other", "Басқа", "Другой", "Another"),
    *[c("satisfaction", str(i), kk, ru, en) for i, kk, ru, en in (
        (1, "Мүлдем риза емеспін", "Совсем не доволен", "Not at all satisfied"),
        (2, "Онша риза емеспін", "Скорее не доволен", "Rather dissatisfied"),
        (3, "Бейтараппын", "Нейтрально", "Neutral"),
        (4, "Біршама ризамын", "Скорее доволен", "Rather satisfied"),
        (5, "Толық ризамын", "Полностью доволен", "Fully satisfied"))],
    c("stay", "yes", "Иә", "Да", "Yes"), c("stay", "no", "Жоқ", "Нет", "No"),
    c("stay", "unsure", "Әлі шешкен жоқпын", "Ещё не решил(а)", "Not decided yet"),
]

SETTINGS = {"form_title": "Ішкі мигранттар сауалнамасы / Опрос внутренних мигрантов / Survey of internal migrants",
            "form_id": "koshi_migrants", "version": "2026-11-1", "default_language": KK}


def build(path: Path) -> None:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for row in SURVEY:
        survey.append([row.get(column, "") for column in SURVEY_COLUMNS])
    choices = book.create_sheet("choices")
    choices.append(CHOICE_COLUMNS)
    for choice in CHOICES:
        choices.append(choice)
    settings = book.create_sheet("settings")
    settings.append(list(SETTINGS))
    settings.append(list(SETTINGS.values()))
    book.save(path)


if __name__ == "__main__":
    build(Path(__file__).with_name("migrants.xlsx"))
