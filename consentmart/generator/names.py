"""Russian names with a realistic, concentrated distribution, so namesakes are common.

Weights are relative frequencies (per mille within each list), shaped after the
published frequency tables of Russian surnames and given names: a few names are
very common (Иванов, Александр, Сергей) and the tail is long. The adult
population's fathers were named Иван, Александр, Сергей, Николай more often than
their children, hence a separate list for patronymics. With these weights about
one person in six thousand is `Иванов Иван Иванович`: hundreds at a million.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

# surname (male form), weight
SURNAMES: tuple[tuple[str, float], ...] = (
    ("Иванов", 30), ("Смирнов", 24), ("Кузнецов", 20), ("Попов", 17), ("Васильев", 15),
    ("Петров", 15), ("Соколов", 14), ("Михайлов", 12), ("Новиков", 11), ("Фёдоров", 11),
    ("Морозов", 10), ("Волков", 10), ("Алексеев", 9), ("Лебедев", 9), ("Семёнов", 9),
    ("Егоров", 8), ("Павлов", 8), ("Козлов", 8), ("Степанов", 8), ("Николаев", 8),
    ("Орлов", 7), ("Андреев", 7), ("Макаров", 7), ("Никитин", 7), ("Захаров", 7),
    ("Зайцев", 6), ("Соловьёв", 6), ("Борисов", 6), ("Яковлев", 6), ("Григорьев", 6),
    ("Романов", 6), ("Воробьёв", 5), ("Сергеев", 5), ("Кузьмин", 5), ("Фролов", 5),
    ("Александров", 5), ("Дмитриев", 5), ("Королёв", 5), ("Гусев", 5), ("Киселёв", 5),
    ("Ильин", 4), ("Максимов", 4), ("Поляков", 4), ("Сорокин", 4), ("Виноградов", 4),
    ("Ковалёв", 4), ("Белов", 4), ("Медведев", 4), ("Антонов", 4), ("Тарасов", 4),
    ("Жуков", 4), ("Баранов", 4), ("Филиппов", 4), ("Комаров", 4), ("Давыдов", 4),
    ("Беляев", 3), ("Герасимов", 3), ("Богданов", 3), ("Осипов", 3), ("Сидоров", 3),
    ("Матвеев", 3), ("Титов", 3), ("Марков", 3), ("Миронов", 3), ("Крылов", 3),
    ("Куликов", 3), ("Карпов", 3), ("Власов", 3), ("Мельников", 3), ("Денисов", 3),
    ("Гаврилов", 3), ("Тихонов", 3), ("Казаков", 3), ("Афанасьев", 3), ("Данилов", 3),
    ("Савельев", 2), ("Тимофеев", 2), ("Фомин", 2), ("Чернов", 2), ("Абрамов", 2),
    ("Мартынов", 2), ("Ефимов", 2), ("Федотов", 2), ("Щербаков", 2), ("Назаров", 2),
    ("Калинин", 2), ("Исаев", 2), ("Чернышёв", 2), ("Быков", 2), ("Маслов", 2),
    ("Родионов", 2), ("Коновалов", 2), ("Лазарев", 2), ("Воронин", 2), ("Климов", 2),
    ("Филатов", 2), ("Пономарёв", 2), ("Голубев", 2), ("Кудрявцев", 2), ("Прохоров", 2),
    ("Наумов", 2), ("Потапов", 2), ("Журавлёв", 2), ("Овчинников", 2), ("Трофимов", 2),
    ("Леонов", 2), ("Соболев", 2), ("Ермаков", 2), ("Колесников", 2), ("Гончаров", 2),
    ("Емельянов", 2), ("Никифоров", 2), ("Грачёв", 2), ("Котов", 2), ("Гришин", 2),
    ("Ефремов", 2), ("Архипов", 2), ("Громов", 2), ("Кириллов", 2), ("Малышев", 2),
    ("Панов", 2), ("Моисеев", 2), ("Румянцев", 2), ("Акимов", 2), ("Кондратьев", 2),
    ("Бирюков", 2), ("Горбунов", 2), ("Анисимов", 2), ("Ерёмин", 2), ("Тихомиров", 2),
    ("Галкин", 2), ("Лукьянов", 2), ("Михеев", 2), ("Скворцов", 2), ("Юдин", 2),
    ("Белоусов", 2), ("Нестеров", 2), ("Симонов", 2), ("Прокофьев", 2), ("Харитонов", 2),
    ("Князев", 2), ("Цветков", 2), ("Левин", 2), ("Митрофанов", 2), ("Воронцов", 2),
    ("Лапин", 1), ("Кравченко", 1), ("Шевченко", 1), ("Бондаренко", 1), ("Ткаченко", 1),
    ("Мельниченко", 1), ("Кравец", 1), ("Гордеев", 1), ("Шубин", 1), ("Зуев", 1),
    ("Рыбаков", 1), ("Суворов", 1), ("Носков", 1), ("Рябов", 1), ("Мухин", 1),
    ("Аксёнов", 1), ("Третьяков", 1), ("Бородин", 1), ("Лыков", 1), ("Дорофеев", 1),
)

# given name, male patronymic, female patronymic, weight among men's names
MALE_NAMES: tuple[tuple[str, str, str, float], ...] = (
    ("Александр", "Александрович", "Александровна", 95), ("Сергей", "Сергеевич", "Сергеевна", 85),
    ("Иван", "Иванович", "Ивановна", 80), ("Дмитрий", "Дмитриевич", "Дмитриевна", 70),
    ("Андрей", "Андреевич", "Андреевна", 65), ("Алексей", "Алексеевич", "Алексеевна", 60),
    ("Максим", "Максимович", "Максимовна", 40), ("Евгений", "Евгеньевич", "Евгеньевна", 40),
    ("Владимир", "Владимирович", "Владимировна", 45), ("Михаил", "Михайлович", "Михайловна", 40),
    ("Николай", "Николаевич", "Николаевна", 35), ("Артём", "Артёмович", "Артёмовна", 30),
    ("Павел", "Павлович", "Павловна", 30), ("Денис", "Денисович", "Денисовна", 25),
    ("Виктор", "Викторович", "Викторовна", 30), ("Игорь", "Игоревич", "Игоревна", 28),
    ("Роман", "Романович", "Романовна", 25), ("Олег", "Олегович", "Олеговна", 25),
    ("Юрий", "Юрьевич", "Юрьевна", 25), ("Антон", "Антонович", "Антоновна", 20),
    ("Никита", "Никитич", "Никитична", 20), ("Илья", "Ильич", "Ильинична", 20),
    ("Константин", "Константинович", "Константиновна", 18), ("Вадим", "Вадимович", "Вадимовна", 15),
    ("Кирилл", "Кириллович", "Кирилловна", 18), ("Василий", "Васильевич", "Васильевна", 18),
    ("Пётр", "Петрович", "Петровна", 15), ("Анатолий", "Анатольевич", "Анатольевна", 15),
    ("Валерий", "Валерьевич", "Валерьевна", 15), ("Геннадий", "Геннадьевич", "Геннадьевна", 12),
    ("Борис", "Борисович", "Борисовна", 10), ("Григорий", "Григорьевич", "Григорьевна", 10),
    ("Егор", "Егорович", "Егоровна", 12), ("Тимур", "Тимурович", "Тимуровна", 8),
    ("Руслан", "Русланович", "Руслановна", 10), ("Леонид", "Леонидович", "Леонидовна", 8),
    ("Станислав", "Станиславович", "Станиславовна", 8), ("Фёдор", "Фёдорович", "Фёдоровна", 8),
    ("Лев", "Львович", "Львовна", 6), ("Глеб", "Глебович", "Глебовна", 6),
    ("Ярослав", "Ярославович", "Ярославовна", 6), ("Матвей", "Матвеевич", "Матвеевна", 5),
    ("Степан", "Степанович", "Степановна", 5), ("Георгий", "Георгиевич", "Георгиевна", 6),
    ("Ибрагим", "Ибрагимович", "Ибрагимовна", 2), ("Тимофей", "Тимофеевич", "Тимофеевна", 4),
)

# Fathers of today's adults: Иван, Александр, Николай, Владимир were more common.
FATHER_WEIGHTS: dict[str, float] = {
    "Иван": 150, "Александр": 120, "Сергей": 90, "Владимир": 90, "Николай": 85, "Михаил": 50,
    "Виктор": 50, "Анатолий": 40, "Юрий": 45, "Василий": 40, "Алексей": 40, "Пётр": 35,
}

FEMALE_NAMES: tuple[tuple[str, float], ...] = (
    ("Елена", 80), ("Ольга", 70), ("Наталья", 70), ("Татьяна", 65), ("Ирина", 60), ("Анна", 60),
    ("Светлана", 50), ("Мария", 50), ("Екатерина", 50), ("Юлия", 45), ("Марина", 40),
    ("Анастасия", 40), ("Людмила", 30), ("Галина", 25), ("Надежда", 25), ("Оксана", 20),
    ("Евгения", 20), ("Валентина", 20), ("Дарья", 25), ("Ксения", 20), ("Алина", 18),
    ("Виктория", 20), ("Полина", 15), ("Вера", 15), ("Любовь", 15), ("Александра", 15),
    ("Кристина", 12), ("Лариса", 12), ("Нина", 10), ("Алёна", 12), ("Софья", 10),
    ("Валерия", 10), ("Яна", 8), ("Диана", 8), ("Елизавета", 10), ("Вероника", 8),
    ("Зинаида", 5), ("Тамара", 8), ("Раиса", 5), ("Маргарита", 8),
)


class Weighted:
    """Draw from a weighted list with one random number and a binary search."""

    def __init__(self, items: list, weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]

    def probability(self, item) -> float:
        index = self.items.index(item)
        previous = self.cumulative[index - 1] if index else 0.0
        return (self.cumulative[index] - previous) / self.total


SURNAME = Weighted([s for s, _ in SURNAMES], [w for _, w in SURNAMES])
MALE = Weighted([m for m in MALE_NAMES], [m[3] for m in MALE_NAMES])
FATHER = Weighted(
    [m for m in MALE_NAMES], [FATHER_WEIGHTS.get(m[0], m[3] * 0.5) for m in MALE_NAMES]
)
FEMALE = Weighted([f for f, _ in FEMALE_NAMES], [w for _, w in FEMALE_NAMES])


def feminine_surname(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith("ский"):
        return surname[:-2] + "ая"
    return surname  # -енко, -ец and the like do not change


def draw_name(rng: random.Random) -> tuple[str, str]:
    """A full name "Фамилия Имя Отчество" and the gender ('m' or 'f')."""
    surname = SURNAME.draw(rng)
    father = FATHER.draw(rng)
    if rng.random() < 0.46:
        given = MALE.draw(rng)
        return f"{surname} {given[0]} {father[1]}", "m"
    return f"{feminine_surname(surname)} {FEMALE.draw(rng)} {father[2]}", "f"


def probability_of(full_name: str) -> float:
    """How often the generator draws exactly this male full name (for the namesake bound)."""
    surname, given, patronymic = full_name.split(" ")
    male = next(m for m in MALE_NAMES if m[0] == given)
    father = next(m for m in MALE_NAMES if m[1] == patronymic)
    return 0.46 * SURNAME.probability(surname) * MALE.probability(male) * FATHER.probability(father)


def normalise(full_name: str) -> str:
    """The warehouse's normalisation (semantics.md): lower case, ё → е, single spaces."""
    return " ".join(full_name.lower().replace("ё", "е").split())


_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def translit(word: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in word.lower())


# Neighbouring keys on the ЙЦУКЕН keyboard: the typos a clerk makes.
_NEIGHBOURS = {
    "а": "пв", "б": "юь", "в": "аы", "г": "нш", "д": "лж", "е": "кн", "ж": "дэ", "з": "щх",
    "и": "мт", "й": "ц", "к": "уе", "л": "од", "м": "си", "н": "ег", "о": "рл", "п": "ра",
    "р": "по", "с": "чм", "т": "иь", "у": "цк", "ф": "ы", "х": "зъ", "ц": "йу", "ч": "яс",
    "ш": "гщ", "щ": "шз", "ы": "фв", "ь": "тб", "э": "ж", "ю": "б", "я": "ч",
}


def one_typo(full_name: str, rng: random.Random) -> str:
    """The same name with one edit in the surname or given name (a substitution by
    a neighbouring key, or a dropped letter); normalised, it is at distance 1."""
    parts = full_name.split(" ")
    part_index = rng.randrange(2)
    word = parts[part_index]
    position = rng.randrange(1, len(word))  # keep the capital letter
    letter = word[position].lower().replace("ё", "е")
    if rng.random() < 0.7 and letter in _NEIGHBOURS:
        replacement = rng.choice(_NEIGHBOURS[letter])
        word = word[:position] + replacement + word[position + 1:]
    else:
        word = word[:position] + word[position + 1:]
    parts[part_index] = word
    return " ".join(parts)


def deletion_variants(name: str) -> set[str]:
    """The name and every single-letter deletion of it: two names within one edit
    share at least one of these (the converse need not hold: this is conservative)."""
    return {name} | {name[:i] + name[i + 1:] for i in range(len(name))}
