"""Made-up names and places for the synthetic council: British names of varied heritage, one invented county.

Every name here is common; no combination is meant to be a real person. Towns and streets are invented or
generic; postcodes are real ones in County Durham (`postcodes.py`) standing in for invented districts "XD<n>".
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Heritage:
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    men: tuple[str, ...]
    women: tuple[str, ...]
    surnames: tuple[str, ...]


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BRITISH = Heritage(
    boys=_t(
        "Oliver George Harry Jack Jacob Noah Charlie Thomas Oscar William James Leo Alfie Joshua Freddie Archie "
        "Ethan Isaac Alexander Joseph Edward Samuel Max Logan Lucas Daniel Theo Arthur Mason Harrison Riley Dylan "
        "Tyler Kai Finley Reuben Lewis Callum Connor Jayden Liam Kyle Ryan Tommy Louie Frankie Jenson Bobby"
    ),
    girls=_t(
        "Olivia Amelia Isla Ava Emily Sophia Grace Lily Freya Ella Mia Evie Poppy Isabella Charlotte Millie Daisy "
        "Ruby Sienna Phoebe Scarlett Chloe Jessica Erin Holly Megan Lacey Courtney Leah Summer Alice Florence Maisie "
        "Willow Harper Bethany Kayla Abigail Rosie Esme Lola Mollie Paige Demi Tilly"
    ),
    men=_t(
        "David Paul Mark Andrew Richard Daniel Christopher Matthew James Lee Craig Darren Wayne Stephen Michael "
        "Jamie Carl Ashley Dean Gary Scott Ryan Liam Adam Kevin Jason Shaun Ben Stuart Neil Gavin Robert Anthony"
    ),
    women=_t(
        "Sarah Emma Laura Rebecca Gemma Kelly Claire Lisa Hannah Amy Stacey Kerry Danielle Natalie Victoria Jodie "
        "Leanne Michelle Nicola Samantha Jade Katie Zoe Louise Joanne Donna Tracey Charlene Amanda Lauren Becky"
    ),
    surnames=_t(
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
        "Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner Harris Martin Cooper Hill Ward Morris Moore "
        "Clark King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young "
        "Griffiths Mitchell Cook Carter Richardson Bailey Collins Bell Shaw Miller Cox Richards Marshall Simpson "
        "Ellis Adams Wilkinson Foster Chapman Mason Webb Rogers Holmes Atkinson Barker Pearson Dixon Fletcher "
        "Lloyd Hunt Stevens Gibson Burton Hudson Armstrong Lowe Dawson Fenwick Hodgson Robson Nixon Heslop "
        "Milburn Charlton Lambert Potts Tindale Bainbridge Thwaites Ridley Brannigan"
    )
    + ("O'Neill", "Smith-Jones"),
)

IRISH = Heritage(
    boys=_t("Sean Ciaran Declan Padraig Eoin Conor Oisin Cillian Darragh Finn Rory Cormac"),
    girls=_t("Niamh Aoife Ciara Siobhan Saoirse Roisin Orla Caoimhe Aisling Clodagh Grainne Sinead"),
    men=_t("Brendan Kieran Dermot Eamon Fergal Colm Liam Gerard"),
    women=_t("Bridget Deirdre Maeve Mairead Noreen Sinead Fiona Orla"),
    surnames=_t("Murphy Kelly Byrne Ryan Doherty McCarthy Gallagher Quinn Walsh Connolly Brennan Kavanagh")
    + ("O'Brien", "O'Sullivan", "O'Connor"),
)

TRAVELLER = Heritage(
    boys=_t("Patrick Johnny Martin Michael Tommy Francie Jimmy John"),
    girls=_t("Bridget Mary Kathleen Margaret Winnie Nora Ellen Chantelle"),
    men=_t("Patrick John Michael Martin Christy Thomas"),
    women=_t("Mary Bridget Kathleen Margaret Nora Ann"),
    surnames=_t("McDonagh Ward Joyce Connors Maughan Doran McGinley Stokes Quilligan Delaney"),
)

ROMA = Heritage(
    boys=_t("Denis Roman Patrik Marek Erik Sammy Levi Elias Radek"),
    girls=_t("Denisa Nikola Veronika Vanesa Sabina Liberty Tiffany Kristina"),
    men=_t("Milan Roman Josef Frantisek Alfie Tom"),
    women=_t("Jana Monika Renata Vera Nelly Eva"),
    surnames=_t("Balog Horvath Kolompar Dudas Lakatos Boswell Lovell Loveridge Stanley Buckland Oláh"),
)

EASTERN_EUROPEAN = Heritage(
    boys=_t("Jakub Szymon Filip Mateusz Andrei Luca Tomas Matei Rafael Dawid Oskar Kacper Antoni Ivan"),
    girls=_t("Zuzanna Julia Maja Hanna Ioana Maria Alexandra Sofia Lena Wiktoria Emilia Natalia Amelia"),
    men=_t("Piotr Tomasz Marek Ion Mihai Joao Krzysztof Pawel Andrius Bogdan Vasile Rui"),
    women=_t("Agnieszka Katarzyna Magdalena Elena Ana Andreea Monika Justyna Irina Joana Daiva"),
    surnames=_t(
        "Nowak Kaczmarek Mazur Krawczyk Wójcik Popescu Ionescu Popa Stan Dumitru Radu Silva Santos Ferreira "
        "Pereira Kazlauskas Ozols Horvat Novak Petrov"
    ),
)

PAKISTANI = Heritage(
    boys=_t("Muhammad Ibrahim Yusuf Zain Ayaan Hamza Rayyan Bilal Musa Harris Haroon Adam Ismail Zakariya"),
    girls=_t("Aisha Maryam Fatima Zara Hafsa Inaya Khadija Amina Hania Eesa Sana Anaya Zainab Safiya"),
    men=_t("Imran Tariq Asif Shahid Naveed Kamran Zahid Faisal Adnan Sajid Waqar"),
    women=_t("Nadia Saima Shazia Rubina Samina Farzana Asma Sobia Uzma Nabila"),
    surnames=_t("Khan Hussain Ahmed Ali Shah Iqbal Akhtar Mahmood Rashid Butt Malik Anwar Qureshi Raja"),
)

INDIAN = Heritage(
    boys=_t("Arjun Rohan Aarav Dev Krish Veer Jai Arnav Kabir Ishaan Rishi Sahil"),
    girls=_t("Priya Anaya Diya Simran Kiran Riya Asha Isha Navya Tara Meera Jasleen"),
    men=_t("Rajesh Sunil Amit Harpreet Sanjay Vijay Manoj Jaswinder Nikhil"),
    women=_t("Neha Pooja Sunita Jaspreet Meena Anita Rupinder Kavita Deepa"),
    surnames=_t("Patel Singh Sharma Gill Sandhu Mistry Chauhan Kumar Sidhu Mehta Parmar Dhillon Joshi"),
)

BANGLADESHI = Heritage(
    boys=_t("Abdul Rahim Tanvir Arif Sami Ayaan Rayhan Zakir Imran Nabil"),
    girls=_t("Nusrat Tasnim Sadia Ruksana Sumaiya Jannat Maliha Tahmina Anika"),
    men=_t("Shahidul Jamal Kamal Abdul Mizanur Habib Jahangir"),
    women=_t("Rahima Shirin Salma Nasreen Shamima Rehana Jesmin"),
    surnames=_t("Miah Uddin Rahman Islam Hoque Choudhury Ahmed Ali Begum Khatun Hossain"),
)

OTHER_ASIAN = Heritage(
    boys=_t("Ahmad Omid Kian Nathan Minh Bao Tharindu Ramin Gabriel"),
    girls=_t("Angel Mariam Shreya Linh Nisha Chanelle Farah Hoa Dilini"),
    men=_t("Jose Mohammad Nimal Duc Farid Rodel"),
    women=_t("Maricel Parisa Thuy Kumari Marisol Roya"),
    surnames=_t("Reyes Cruz Rahimi Ahmadi Perera Fernando Nguyen Tran Pham Bautista Sultani"),
)

CARIBBEAN = Heritage(
    boys=_t("Malachi Tyrese Kemar Jerome Andre Josiah Kyrie Tyrell Elijah Jayden Isaiah Reece"),
    girls=_t("Shanice Keisha Tiana Jada Imani Nia Aaliyah Kiara Jasmine Tia Amaya Renee"),
    men=_t("Delroy Winston Leroy Errol Marlon Trevor Clive Dwayne"),
    women=_t("Marcia Sharon Paulette Yvonne Janice Beverley Sonia Claudette"),
    surnames=_t(
        "Campbell Brown Williams Thomas Francis Grant Reid Stewart Gordon Henry Bailey Lewis Douglas"
    ),
)

AFRICAN = Heritage(
    boys=_t(
        "Emmanuel David Daniel Samuel Tobi Kwame Kofi Chinedu Abdirahman Yonas Ahmed Joshua Femi Caleb Ibrahim"
    ),
    girls=_t(
        "Grace Blessing Favour Esther Precious Amara Chioma Hodan Ifeoma Abena Faith Deborah Ruth Zainab"
    ),
    men=_t("Olu Chidi Kwabena Yaw Abdullahi Tesfay Emeka Joseph Moses Abdi Mohamed"),
    women=_t("Funmilayo Adaeze Akosua Fadumo Hawa Mercy Patience Comfort Ngozi Amina Yetunde"),
    surnames=_t(
        "Okafor Adeyemi Mensah Osei Boateng Mohamed Abdi Hassan Nwosu Eze Okonkwo Asante Ndlovu Mwangi "
        "Tesfaye Kamara Bangura Conteh Adebayo Owusu"
    ),
)

CHINESE = Heritage(
    boys=_t("Jun Wei Hao Ethan Ryan Kai Jayden Lucas"),
    girls=_t("Mei Xin Yan Chloe Jasmine Ling Kayla Joy"),
    men=_t("Jian Ming Lei Kevin Hong Tao"),
    women=_t("Hui Fang Ling Yan Qing Jenny"),
    surnames=_t("Wang Li Zhang Chen Liu Wong Chan Lam Cheung Ho Yip"),
)

OTHER = Heritage(
    boys=_t("Omar Karim Ali Yousef Amir Mustafa Dara Hassan Sami Mateo Diego Zana"),
    girls=_t("Lina Sara Noor Layla Yasmin Rojin Shirin Huda Valentina Rania Dilan"),
    men=_t("Ahmed Khalid Rebwar Saman Hamid Reza Carlos Walid"),
    women=_t("Huda Rana Leila Soraya Nasrin Lucia Mahnaz Dunya"),
    surnames=_t(
        "Hussein Abdullah Saleh Karimi Mohammadi Rostami Hamid Othman Haddad Gonzalez Rodriguez Aziz"
    ),
)

# Which name pool suits each DfE ethnicity code. Mixed codes are families of two heritages (see MIXED).
HERITAGE_BY_ETHNICITY = {
    "WBRI": BRITISH,
    "WIRI": IRISH,
    "WIRT": TRAVELLER,
    "WOTH": EASTERN_EUROPEAN,
    "WROM": ROMA,
    "AIND": INDIAN,
    "APKN": PAKISTANI,
    "ABAN": BANGLADESHI,
    "AOTH": OTHER_ASIAN,
    "BCRB": CARIBBEAN,
    "BAFR": AFRICAN,
    "BOTH": AFRICAN,
    "CHNE": CHINESE,
    "OOTH": OTHER,
    "REFU": BRITISH,
    "NOBT": BRITISH,
}

# A child of mixed heritage: the two parents' ethnicities (one drawn at random for the mother).
MIXED = {
    "MWBC": ("WBRI", "BCRB"),
    "MWBA": ("WBRI", "BAFR"),
    "MWAS": ("WBRI", "APKN"),
    "MOTH": ("WOTH", "BAFR"),
}

# Roughly the mix of children in need in an English county (WBRI most, then mixed, Asian, Black, other).
ETHNICITY_WEIGHTS = {
    "WBRI": 640,
    "WIRI": 5,
    "WIRT": 4,
    "WOTH": 50,
    "WROM": 8,
    "MWBC": 30,
    "MWBA": 15,
    "MWAS": 18,
    "MOTH": 25,
    "AIND": 15,
    "APKN": 30,
    "ABAN": 15,
    "AOTH": 15,
    "BCRB": 14,
    "BAFR": 40,
    "BOTH": 10,
    "CHNE": 3,
    "OOTH": 22,
    "REFU": 6,
    "NOBT": 15,
}

KNOWN_AS = {
    "Alexander": "Alex",
    "Joshua": "Josh",
    "Samuel": "Sam",
    "Thomas": "Tom",
    "William": "Will",
    "Jessica": "Jess",
    "Isabella": "Bella",
    "Olivia": "Liv",
    "Frederick": "Fred",
    "Abigail": "Abbie",
    "Muhammad": "Mo",
    "Christopher": "Chris",
    "Katarzyna": "Kasia",
}

COUNTY = "Demo County"

# Invented towns and their invented postcode districts "XD<n>" (each stands for real ones: postcodes.py).
TOWNS = (
    ("Ashbury", (1, 2, 3)),
    ("Brackenford", (4, 5)),
    ("Colton Bridge", (6,)),
    ("Dunmere", (7, 8)),
    ("Eastwick Vale", (9,)),
    ("Fenholt", (10, 11)),
    ("Greyhaven", (12, 13, 14)),
    ("Harrowby", (15,)),
    ("Kelsmoor", (16, 17)),
    ("Lindlestone", (18,)),
)

LOCALITIES = ("North", "South", "East", "West", "Central", "Coastal", "Rural", "Valley")

STREETS = tuple(
    s.strip()
    for s in [
        "\n    Station Road",
        " Church Lane",
        " High Street",
        " Victoria Road",
        " Mill Lane",
        " Park Avenue",
        " Queen Street",
        " Albert Terrace",
        "\n    Chapel Row",
        " Front Street",
        " Meadow Way",
        " Oak Drive",
        " Beech Grove",
        " Willow Close",
        " Elm Crescent",
        " Ash Court",
        " Rowan Walk",
        "\n    Hawthorn Road",
        " Cedar Avenue",
        " Larch Gardens",
        " Holly Bank",
        " Ivy Close",
        " Brook Street",
        " Riverside",
        " Bridge End",
        "\n    Market Place",
        " North Road",
        " South View",
        " West Terrace",
        " East Parade",
        " Coronation Street",
        " Jubilee Avenue",
        "\n    Kingfisher Way",
        " Heron Drive",
        " Swallow Close",
        " Lark Rise",
        " Wren Court",
        " Falcon Road",
        " Primrose Hill",
        " Bluebell Way",
        "\n    Foxglove Close",
        " Heather Drive",
        " Moorland View",
        " Fell Road",
        " Colliery Lane",
        " Pit Row",
        " Pottery Lane",
        " Forge Close",
        "\n    Wharf Street",
        " Canal Side",
        " Railway Cottages",
        " School Lane",
        " Vicarage Road",
        " Castle View",
        " Abbey Road",
        " Priory Gardens",
        "\n    Manor Road",
        " Grange Avenue",
        " Hall Lane",
        " Farm Close\n    ",
    ]
)

BUILDINGS = _t("Kingfisher Elm Riverside Jubilee Priory Sandpiper Millbrook Beacon Clover Hartley")

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
