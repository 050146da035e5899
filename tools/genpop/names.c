/* genpop/names.c - name pools by nationality for vetter-genpop: common
 * given names and surnames of each country, with native script where the
 * country does not write in Latin letters, so honest Korean, Chinese,
 * Japanese, Russian and Ukrainian workers look like real ones (a false
 * alarm on an honest Korean name is the screening risk the population
 * tests).  Written by hand from general knowledge of common names; no
 * list was copied.
 * Entry format: "Latin" or "Latin|native"; gendered surnames "M/F".
 * Owns: static const tables only.
 * Thread-safety: immutable; share freely. */
#include "genpop.h"

#define POOL(id, m, f, s, fl)                                                                                        \
  const struct gp_names id = {m, VET_COUNTOF(m), f, VET_COUNTOF(f), s, VET_COUNTOF(s), fl}

/* United States: a mix of Anglo, Hispanic, African-American and other
 * surnames, as the country is. */
static const char *const us_m[] = {
    "James", "Michael", "Robert", "John", "David", "William", "Richard", "Joseph", "Thomas", "Christopher",
    "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Andrew", "Joshua", "Kevin", "Brian", "Ryan",
    "Jason", "Justin", "Brandon", "Tyler", "Austin", "Jordan", "Marcus", "Derek", "Travis", "Cody",
    "Nathan", "Ethan", "Logan", "Carlos", "Luis", "Trevor", "Jamal", "Darnell", "Caleb", "Garrett"};
static const char *const us_f[] = {
    "Mary", "Jennifer", "Linda", "Elizabeth", "Jessica", "Sarah", "Karen", "Emily", "Ashley", "Amanda",
    "Melissa", "Stephanie", "Rebecca", "Laura", "Megan", "Rachel", "Lauren", "Samantha", "Katherine", "Nicole",
    "Hannah", "Brittany", "Courtney", "Danielle", "Alexis", "Madison", "Olivia", "Abigail", "Kayla", "Heather",
    "Tiffany", "Erin", "Morgan", "Shannon", "Jasmine", "Kristen", "Allison", "Brianna", "Maria", "Vanessa"};
static const char *const us_s[] = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Thompson",
    "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Hill", "Green", "Adams", "Nelson", "Baker", "Campbell", "Mitchell", "Carter", "Roberts",
    "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook",
    "Rogers", "Morgan", "Peterson", "Cooper", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward",
    "Richardson", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Sanders", "Myers", "Foster",
    "O'Brien", "McCarthy", "Sullivan", "Schmidt", "Kowalczyk", "Russo", "Washington", "Jefferson", "Ramirez", "Flores"};
POOL(gp_names_us, us_m, us_f, us_s, NAMES_MIDDLE);

static const char *const ca_m[] = {"Liam", "Noah", "William", "Benjamin", "Lucas", "Ethan", "Owen", "Jacob",
                                   "Alexandre", "Mathieu", "Félix", "Olivier", "Samuel", "Gabriel", "Connor",
                                   "Dylan", "Tyler", "Graham", "Marc-André", "Jean-François"};
static const char *const ca_f[] = {"Emma", "Olivia", "Charlotte", "Sophie", "Chloé", "Léa", "Camille", "Émilie",
                                   "Ava", "Amelia", "Madison", "Hannah", "Julie", "Isabelle", "Marie-Ève",
                                   "Kaitlyn", "Brooke", "Avery", "Geneviève", "Rebecca"};
static const char *const ca_s[] = {"Smith", "Brown", "Tremblay", "Martin", "Roy", "Gagnon", "Lee", "Wilson",
                                   "Johnson", "MacDonald", "Taylor", "Campbell", "Anderson", "Côté", "Bouchard",
                                   "Gauthier", "Morin", "Lavoie", "Fortin", "Gélinas", "Thompson", "Young",
                                   "Fraser", "Stewart", "Chan", "Patel", "Singh", "Nguyen", "Bélanger", "Pelletier"};
POOL(gp_names_ca, ca_m, ca_f, ca_s, 0);

static const char *const gb_m[] = {"Oliver", "George", "Harry", "Jack", "Charlie", "Thomas", "James", "William",
                                   "Daniel", "Matthew", "Samuel", "Joseph", "Alfie", "Callum", "Liam", "Rhys",
                                   "Ewan", "Jamie", "Connor", "Nathan", "Adam", "Ben", "Luke", "Owen"};
static const char *const gb_f[] = {"Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Lucy",
                                   "Charlotte", "Jessica", "Chloe", "Ellie", "Megan", "Holly", "Rebecca", "Hannah",
                                   "Katie", "Bethany", "Eilidh", "Niamh", "Zara", "Freya", "Imogen", "Poppy"};
static const char *const gb_s[] = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
                                   "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
                                   "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Hughes",
                                   "Edwards", "Turner", "Hill", "Cooper", "Ward", "Morgan", "Harrison",
                                   "MacLeod", "Fletcher", "Ahmed", "Begum", "Lloyd", "Pritchard", "Doherty", "Reid"};
POOL(gp_names_gb, gb_m, gb_f, gb_s, NAMES_MIDDLE);

static const char *const de_m[] = {"Lukas", "Leon", "Felix", "Jonas", "Maximilian", "Paul", "Tim", "Jan",
                                   "Niklas", "Florian", "Tobias", "Stefan", "Michael", "Andreas", "Thomas",
                                   "Jürgen", "Sebastian", "Matthias", "Moritz", "Fabian", "Kai", "Björn"};
static const char *const de_f[] = {"Anna", "Lena", "Laura", "Julia", "Lea", "Sarah", "Katharina", "Sophie",
                                   "Marie", "Hannah", "Johanna", "Franziska", "Sabine", "Claudia", "Jana",
                                   "Carina", "Miriam", "Jessica", "Lisa", "Annika", "Jülide", "Maren"};
static const char *const de_s[] = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
                                   "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein",
                                   "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
                                   "Hofmann", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler",
                                   "Yılmaz", "Kaya", "Nowak", "Weiß", "Vogel", "Friedrich", "Jäger"};
POOL(gp_names_de, de_m, de_f, de_s, 0);

static const char *const pl_m[] = {"Jakub", "Kacper", "Szymon", "Filip", "Mateusz", "Bartosz", "Michał",
                                   "Piotr", "Krzysztof", "Tomasz", "Paweł", "Łukasz", "Marcin", "Grzegorz",
                                   "Wojciech", "Adrian", "Damian", "Rafał", "Maciej", "Dawid"};
static const char *const pl_f[] = {"Zuzanna", "Julia", "Maja", "Zofia", "Hanna", "Aleksandra", "Natalia",
                                   "Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Monika", "Anna", "Ewa",
                                   "Karolina", "Paulina", "Marta", "Weronika", "Justyna", "Małgorzata"};
static const char *const pl_s[] = {"Nowak", "Kowalski/Kowalska", "Wiśniewski/Wiśniewska", "Wójcik", "Kowalczyk",
                                   "Kamiński/Kamińska", "Lewandowski/Lewandowska", "Zieliński/Zielińska",
                                   "Szymański/Szymańska", "Woźniak", "Dąbrowski/Dąbrowska", "Kozłowski/Kozłowska",
                                   "Jankowski/Jankowska", "Mazur", "Kwiatkowski/Kwiatkowska", "Krawczyk",
                                   "Piotrowski/Piotrowska", "Grabowski/Grabowska", "Nowakowski/Nowakowska",
                                   "Pawłowski/Pawłowska", "Michalski/Michalska", "Król", "Wieczorek", "Jabłoński/Jabłońska",
                                   "Zając", "Wróbel", "Stępień", "Górski/Górska"};
POOL(gp_names_pl, pl_m, pl_f, pl_s, 0);

static const char *const ua_m[] = {"Oleksandr|Олександр", "Andrii|Андрій", "Dmytro|Дмитро", "Serhii|Сергій",
                                   "Maksym|Максим", "Volodymyr|Володимир", "Ivan|Іван", "Yurii|Юрій",
                                   "Mykola|Микола", "Vitalii|Віталій", "Bohdan|Богдан", "Taras|Тарас",
                                   "Oleh|Олег", "Artem|Артем", "Denys|Денис", "Roman|Роман", "Vladyslav|Владислав",
                                   "Yaroslav|Ярослав"};
static const char *const ua_f[] = {"Olena|Олена", "Iryna|Ірина", "Nataliia|Наталія", "Oksana|Оксана",
                                   "Tetiana|Тетяна", "Yuliia|Юлія", "Kateryna|Катерина", "Anastasiia|Анастасія",
                                   "Viktoriia|Вікторія", "Mariia|Марія", "Daria|Дарія", "Sofiia|Софія",
                                   "Khrystyna|Христина", "Halyna|Галина", "Alina|Аліна", "Svitlana|Світлана"};
static const char *const ua_s[] = {"Melnyk|Мельник", "Shevchenko|Шевченко", "Boiko|Бойко", "Kovalenko|Коваленко",
                                   "Bondarenko|Бондаренко", "Tkachenko|Ткаченко", "Kovalchuk|Ковальчук",
                                   "Kravchenko|Кравченко", "Oliinyk|Олійник", "Shevchuk|Шевчук",
                                   "Koval|Коваль", "Polishchuk|Поліщук", "Bondar|Бондар", "Tkachuk|Ткачук",
                                   "Moroz|Мороз", "Marchenko|Марченко", "Lysenko|Лисенко", "Rudenko|Руденко",
                                   "Savchenko|Савченко", "Petrenko|Петренко", "Kovalskyi/Kovalska|Ковальський/Ковальська",
                                   "Hrytsenko|Гриценко", "Pavlenko|Павленко", "Ivanov/Ivanova|Іванов/Іванова"};
POOL(gp_names_ua, ua_m, ua_f, ua_s, 0);

static const char *const in_m[] = {"Rahul", "Amit", "Vikram", "Arjun", "Rohan", "Aditya", "Sanjay", "Suresh",
                                   "Rajesh", "Karthik", "Pradeep", "Naveen", "Anil", "Manish", "Deepak",
                                   "Siddharth", "Harish", "Vivek", "Gaurav", "Abhishek", "Srinivas", "Venkatesh",
                                   "Mohammed", "Imran", "Harpreet", "Gurpreet"};
static const char *const in_f[] = {"Priya", "Ananya", "Divya", "Pooja", "Sneha", "Kavya", "Neha", "Shreya",
                                   "Aishwarya", "Lakshmi", "Deepika", "Swati", "Meera", "Anjali", "Ritu",
                                   "Nisha", "Sunita", "Aarti", "Harini", "Fatima", "Simran", "Keerthana"};
static const char *const in_s[] = {"Sharma", "Verma", "Gupta", "Patel", "Singh", "Kumar", "Reddy", "Rao",
                                   "Nair", "Iyer", "Menon", "Pillai", "Mehta", "Shah", "Joshi", "Desai",
                                   "Chatterjee", "Banerjee", "Mukherjee", "Das", "Agarwal", "Malhotra", "Kapoor",
                                   "Krishnan", "Subramanian", "Naidu", "Khan", "Ansari", "Bhat", "Kulkarni",
                                   "Deshpande", "Chauhan", "Yadav", "Mishra", "Pandey", "Saxena"};
POOL(gp_names_in, in_m, in_f, in_s, 0);

static const char *const pk_m[] = {"Muhammad", "Ahmed", "Ali", "Hassan", "Usman", "Bilal", "Hamza", "Umar",
                                   "Fahad", "Zain", "Asad", "Imran", "Kamran", "Faisal", "Shahid", "Waqas",
                                   "Adeel", "Saad", "Talha", "Haris"};
static const char *const pk_f[] = {"Ayesha", "Fatima", "Zainab", "Hira", "Sana", "Maryam", "Mahnoor", "Amna",
                                   "Iqra", "Sadia", "Rabia", "Nimra", "Saba", "Komal", "Mehwish", "Anam"};
static const char *const pk_s[] = {"Khan", "Ahmed", "Ali", "Hussain", "Malik", "Butt", "Qureshi", "Chaudhry",
                                   "Sheikh", "Siddiqui", "Raza", "Iqbal", "Mirza", "Abbasi", "Javed", "Akhtar",
                                   "Shah", "Rana", "Baig", "Hashmi", "Niazi", "Awan"};
POOL(gp_names_pk, pk_m, pk_f, pk_s, 0);

static const char *const ph_m[] = {"John Paul", "Mark Anthony", "Christian", "Joshua", "Carlo", "Paolo",
                                   "Miguel", "Rafael", "Jerome", "Kenneth", "Ramon", "Jose", "Angelo", "Renz",
                                   "Jericho", "Rodel", "Arnel", "Jayson"};
static const char *const ph_f[] = {"Maria Cristina", "Angelica", "Kristine", "Princess", "Jasmine", "Mary Grace",
                                   "Camille", "Bea", "Andrea", "Rhea", "Joanna", "Charmaine", "Lovely", "Aileen",
                                   "Katrina", "Patricia", "Ma. Theresa", "Janelle"};
static const char *const ph_s[] = {"Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza",
                                   "Torres", "Tomas", "Andrada", "Castillo", "Flores", "Villanueva", "Ramos",
                                   "Castro", "Rivera", "Aquino", "Navarro", "Salazar", "Dela Cruz", "De Leon",
                                   "Manalo", "Mercado", "Lim", "Tan", "Gonzales"};
POOL(gp_names_ph, ph_m, ph_f, ph_s, 0);

static const char *const ng_m[] = {"Chinedu", "Emeka", "Oluwaseun", "Tunde", "Adebayo", "Ibrahim", "Musa",
                                   "Chukwuemeka", "Olumide", "Femi", "Obinna", "Kelechi", "Segun", "Babatunde",
                                   "Abdullahi", "Uche", "Ikenna", "Damilola", "Yusuf", "Tobi"};
static const char *const ng_f[] = {"Chiamaka", "Ngozi", "Funmilayo", "Aisha", "Blessing", "Adaeze", "Temitope",
                                   "Yetunde", "Oluwakemi", "Amaka", "Zainab", "Folake", "Chioma", "Ifeoma",
                                   "Hauwa", "Bukola", "Precious", "Nneka"};
static const char *const ng_s[] = {"Okafor", "Adeyemi", "Okonkwo", "Ogunleye", "Eze", "Bello", "Abubakar",
                                   "Nwosu", "Adeleke", "Olawale", "Chukwu", "Ibrahim", "Okeke", "Balogun",
                                   "Afolabi", "Nwachukwu", "Ogunbiyi", "Usman", "Onyekachi", "Akinola",
                                   "Oyelaran", "Mohammed", "Obi", "Uzor"};
POOL(gp_names_ng, ng_m, ng_f, ng_s, 0);

static const char *const br_m[] = {"João", "Pedro", "Lucas", "Gabriel", "Matheus", "Rafael", "Gustavo",
                                   "Felipe", "Bruno", "Thiago", "Rodrigo", "Leonardo", "Diego", "Vinícius",
                                   "André", "Marcelo", "Eduardo", "Caio", "Henrique", "Luiz Fernando"};
static const char *const br_f[] = {"Ana", "Maria Eduarda", "Júlia", "Beatriz", "Larissa", "Camila", "Fernanda",
                                   "Mariana", "Letícia", "Gabriela", "Amanda", "Bruna", "Carolina", "Isabela",
                                   "Natália", "Patrícia", "Aline", "Vitória"};
static const char *const br_s[] = {"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves",
                                   "Pereira", "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho",
                                   "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha",
                                   "Dias", "Nascimento", "Araújo", "Moreira", "Cavalcanti", "Teixeira", "Mendes"};
POOL(gp_names_br, br_m, br_f, br_s, 0);

static const char *const ar_m[] = {"Santiago", "Mateo", "Juan Martín", "Tomás", "Nicolás", "Facundo",
                                   "Agustín", "Lucas", "Franco", "Joaquín", "Ignacio", "Gonzalo", "Federico",
                                   "Martín", "Pablo", "Ezequiel", "Maximiliano", "Diego"};
static const char *const ar_f[] = {"Sofía", "Valentina", "Martina", "Camila", "Lucía", "Florencia",
                                   "Agustina", "Milagros", "Julieta", "Micaela", "Romina", "Carolina",
                                   "Antonella", "Rocío", "Belén", "Paula"};
static const char *const ar_s[] = {"González", "Rodríguez", "Gómez", "Fernández", "López", "Díaz", "Martínez",
                                   "Pérez", "García", "Sánchez", "Romero", "Sosa", "Álvarez", "Torres", "Ruiz",
                                   "Ramírez", "Flores", "Benítez", "Acosta", "Medina", "Herrera", "Aguirre",
                                   "Rossi", "Ferrari", "Giménez", "Suárez"};
POOL(gp_names_ar, ar_m, ar_f, ar_s, 0);

static const char *const mx_m[] = {"José Luis", "Juan Carlos", "Miguel Ángel", "Alejandro", "Jorge",
                                   "Luis", "Carlos", "Francisco", "Eduardo", "Ricardo", "Fernando", "Javier",
                                   "Arturo", "Emiliano", "Diego", "Iván", "Óscar", "Héctor"};
static const char *const mx_f[] = {"María Fernanda", "Guadalupe", "Ximena", "Daniela", "Andrea", "Mariana",
                                   "Valeria", "Regina", "Alejandra", "Gabriela", "Karla", "Paola", "Citlali",
                                   "Sofía", "Itzel", "Verónica"};
static const char *const mx_s[] = {"Hernández", "García", "Martínez", "López", "González", "Pérez",
                                   "Rodríguez", "Sánchez", "Ramírez", "Cruz", "Flores", "Gómez", "Morales",
                                   "Vázquez", "Jiménez", "Reyes", "Díaz", "Torres", "Gutiérrez", "Ruiz",
                                   "Mendoza", "Aguilar", "Castillo", "Ortiz", "Chávez", "Domínguez"};
POOL(gp_names_mx, mx_m, mx_f, mx_s, 0);

/* Vietnamese: written family first ("Nguyễn Văn An"); middle names "Văn",
 * "Thị", "Minh" are part of the given name here. */
static const char *const vn_m[] = {"Văn An", "Minh Tuấn", "Đức Anh", "Quang Huy", "Hoàng Nam", "Thành Long",
                                   "Văn Hùng", "Minh Khoa", "Tuấn Anh", "Quốc Bảo", "Hữu Phước", "Đình Trung",
                                   "Công Vinh", "Gia Huy", "Thanh Tùng", "Văn Đức"};
static const char *const vn_f[] = {"Thị Lan", "Thu Trang", "Ngọc Anh", "Thị Hương", "Phương Linh", "Thu Hà",
                                   "Minh Châu", "Thị Mai", "Bảo Ngọc", "Khánh Linh", "Thùy Dương", "Hồng Nhung",
                                   "Thanh Hằng", "Mỹ Duyên", "Thị Thảo", "Ngọc Trâm"};
static const char *const vn_s[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
                                   "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
POOL(gp_names_vn, vn_m, vn_f, vn_s, NAMES_FAMILY_FIRST);

static const char *const id_m[] = {"Budi", "Agus", "Rizky", "Dimas", "Fajar", "Andi", "Bayu", "Hendra",
                                   "Arief", "Yoga", "Reza", "Eko", "Dedi", "Ilham", "Teguh", "Wahyu",
                                   "Muhammad Rizal", "Aditya"};
static const char *const id_f[] = {"Siti", "Dewi", "Putri", "Rina", "Ayu", "Indah", "Fitri", "Nur",
                                   "Sri", "Wulan", "Intan", "Ratna", "Anisa", "Melati", "Citra", "Dian"};
static const char *const id_s[] = {"Santoso", "Wijaya", "Saputra", "Pratama", "Hidayat", "Setiawan",
                                   "Kurniawan", "Siregar", "Nasution", "Wibowo", "Gunawan", "Susanto",
                                   "Hakim", "Harahap", "Lubis", "Sulistyo", "Permana", "Halim", "Tanjung", "Rahman"};
POOL(gp_names_id, id_m, id_f, id_s, 0);

/* South Korea: given names in Revised Romanization or the older spellings
 * people keep in passports ("Young-chul", "Sung-min"); "Youngchul" is the
 * same name as the North's "Yong Chol", on purpose. */
static const char *const kr_m[] = {"Minjun|민준", "Seojun|서준", "Doyun|도윤", "Yejun|예준", "Jiho|지호",
                                   "Jihoon|지훈", "Hyunwoo|현우", "Sungmin|성민", "Donghyun|동현",
                                   "Jaehyun|재현", "Youngho|영호", "Sangwoo|상우", "Jinwoo|진우",
                                   "Kyungsoo|경수", "Seunghoon|승훈", "Jonghyun|종현", "Youngchul|영철",
                                   "Kwangho|광호", "Taehyun|태현", "Junyoung|준영", "Sanghoon|상훈", "Minsu|민수"};
static const char *const kr_f[] = {"Seoyeon|서연", "Jiwoo|지우", "Seoyun|서윤", "Jiyoon|지윤", "Minseo|민서",
                                   "Hayoon|하윤", "Soyeon|소연", "Eunji|은지", "Hyejin|혜진", "Yuna|유나",
                                   "Jisoo|지수", "Sujin|수진", "Minji|민지", "Yejin|예진", "Hyunjoo|현주",
                                   "Dahye|다혜", "Jieun|지은", "Soomin|수민", "Yoojin|유진", "Eunyoung|은영"};
static const char *const kr_s[] = {"Kim|김", "Lee|이", "Park|박", "Choi|최", "Jung|정", "Kang|강", "Cho|조",
                                   "Yoon|윤", "Jang|장", "Lim|임", "Han|한", "Oh|오", "Seo|서", "Shin|신",
                                   "Kwon|권", "Hwang|황", "Ahn|안", "Song|송", "Jeon|전", "Hong|홍", "Yoo|유",
                                   "Ko|고", "Moon|문", "Yang|양", "Son|손", "Bae|배", "Baek|백", "Heo|허",
                                   "Nam|남", "Noh|노", "Ha|하", "Kwak|곽", "Ryu|류", "Min|민", "Jin|진", "Cha|차"};
POOL(gp_names_kr, kr_m, kr_f, kr_s, NAMES_FAMILY_FIRST);

/* North Korea: the romanization of the DPRK (one syllable per word). */
static const char *const kp_m[] = {"Chol Min|철민", "Song Hyok|성혁", "Kwang Il|광일", "Myong Chol|명철",
                                   "Hyon Su|현수", "Jin Hyok|진혁", "Un Chol|은철", "Yong Nam|영남",
                                   "Kyong Il|경일", "Il Nam|일남", "Tae Song|태성", "Chang Ho|창호",
                                   "Ryong Gil|룡길", "Hyok Chol|혁철"};
static const char *const kp_f[] = {"Un Jong|은정", "Kyong Hui|경희", "Song Mi|성미", "Hyang Mi|향미",
                                   "Ok Sun|옥순", "Kum Hui|금희", "Chol Ok|철옥", "Yong Hui|영희"};
static const char *const kp_s[] = {"Kim|김", "Ri|리", "Pak|박", "Choe|최", "Jong|정", "Kang|강", "Han|한",
                                   "O|오", "Jo|조", "Yun|윤", "Jang|장", "Hwang|황", "Ryu|류", "Mun|문"};
POOL(gp_names_kp, kp_m, kp_f, kp_s, NAMES_FAMILY_FIRST);

static const char *const jp_m[] = {"Haruto|陽翔", "Yuto|悠斗", "Sota|蒼太", "Ren|蓮", "Hiroshi|浩",
                                   "Takashi|隆", "Kenji|健二", "Daiki|大輝", "Shota|翔太", "Kazuki|和樹",
                                   "Takuya|拓也", "Yusuke|雄介", "Kenta|健太", "Ryo|涼", "Naoki|直樹",
                                   "Tatsuya|達也"};
static const char *const jp_f[] = {"Yui|結衣", "Sakura|さくら", "Aoi|葵", "Hina|陽菜", "Yuki|由紀",
                                   "Misaki|美咲", "Haruka|遥", "Ayaka|彩花", "Mai|舞", "Nanami|七海",
                                   "Rina|里奈", "Yoko|陽子", "Kaori|香織", "Emi|恵美", "Natsumi|夏美"};
static const char *const jp_s[] = {"Sato|佐藤", "Suzuki|鈴木", "Takahashi|高橋", "Tanaka|田中",
                                   "Watanabe|渡辺", "Ito|伊藤", "Yamamoto|山本", "Nakamura|中村",
                                   "Kobayashi|小林", "Kato|加藤", "Yoshida|吉田", "Yamada|山田",
                                   "Sasaki|佐々木", "Yamaguchi|山口", "Matsumoto|松本", "Inoue|井上",
                                   "Kimura|木村", "Hayashi|林", "Shimizu|清水", "Mori|森"};
POOL(gp_names_jp, jp_m, jp_f, jp_s, NAMES_FAMILY_FIRST);

/* China: Hanyu Pinyin; given names written as one word ("Zhiqiang"). */
static const char *const cn_m[] = {"Wei|伟", "Qiang|强", "Lei|磊", "Jun|军", "Yang|洋", "Yong|勇", "Jie|杰",
                                   "Tao|涛", "Ming|明", "Chao|超", "Hao|浩", "Jianhua|建华", "Haoran|浩然",
                                   "Yuxuan|宇轩", "Zhiqiang|志强", "Wenjie|文杰", "Jiahao|家豪", "Zihao|子豪",
                                   "Bo|波", "Peng|鹏", "Xiaodong|晓东", "Guoqing|国庆"};
static const char *const cn_f[] = {"Fang|芳", "Na|娜", "Min|敏", "Jing|静", "Li|丽", "Yan|艳", "Juan|娟",
                                   "Xiuying|秀英", "Hui|慧", "Zihan|子涵", "Yutong|雨桐", "Xinyi|欣怡",
                                   "Shuang|爽", "Ting|婷", "Xue|雪", "Mengyao|梦瑶", "Yue|悦", "Xiaomei|晓梅"};
static const char *const cn_s[] = {"Wang|王", "Li|李", "Zhang|张", "Liu|刘", "Chen|陈", "Yang|杨", "Huang|黄",
                                   "Zhao|赵", "Wu|吴", "Zhou|周", "Xu|徐", "Sun|孙", "Ma|马", "Zhu|朱", "Hu|胡",
                                   "Guo|郭", "He|何", "Lin|林", "Gao|高", "Luo|罗", "Zheng|郑", "Liang|梁",
                                   "Xie|谢", "Song|宋", "Tang|唐", "Han|韩", "Feng|冯", "Deng|邓", "Cao|曹",
                                   "Peng|彭", "Jin|金", "Piao|朴"};
POOL(gp_names_cn, cn_m, cn_f, cn_s, NAMES_FAMILY_FIRST);

/* Hong Kong: Cantonese romanization, often with an English name. */
static const char *const hk_m[] = {"Ka Ming|家明", "Chi Wai|志偉", "Wing Hong|永康", "Kelvin", "Jason",
                                   "Raymond", "Tsz Hin|子軒", "Ho Yin|浩賢"};
static const char *const hk_f[] = {"Wing Yan|詠欣", "Mei Ling|美玲", "Ka Yan|嘉欣", "Cherry", "Winnie",
                                   "Tsz Ching|芷晴", "Hoi Ting|凱婷"};
static const char *const hk_s[] = {"Chan|陳", "Wong|黃", "Leung|梁", "Lau|劉", "Cheung|張", "Lee|李", "Ng|吳",
                                   "Ho|何", "Yip|葉", "Tsang|曾", "Lam|林", "Fung|馮"};
POOL(gp_names_hk, hk_m, hk_f, hk_s, NAMES_FAMILY_FIRST);

static const char *const ru_m[] = {"Aleksandr|Александр", "Dmitry|Дмитрий", "Sergey|Сергей",
                                   "Andrey|Андрей", "Alexey|Алексей", "Maxim|Максим", "Ivan|Иван",
                                   "Mikhail|Михаил", "Nikolay|Николай", "Artem|Артём", "Pavel|Павел",
                                   "Roman|Роман", "Evgeny|Евгений", "Kirill|Кирилл", "Igor|Игорь",
                                   "Vladimir|Владимир", "Denis|Денис", "Anton|Антон"};
static const char *const ru_f[] = {"Anastasia|Анастасия", "Maria|Мария", "Daria|Дарья", "Ekaterina|Екатерина",
                                   "Olga|Ольга", "Tatiana|Татьяна", "Natalia|Наталья", "Elena|Елена",
                                   "Irina|Ирина", "Anna|Анна", "Yulia|Юлия", "Svetlana|Светлана",
                                   "Ksenia|Ксения", "Polina|Полина", "Victoria|Виктория", "Alina|Алина"};
static const char *const ru_s[] = {"Ivanov/Ivanova|Иванов/Иванова", "Smirnov/Smirnova|Смирнов/Смирнова",
                                   "Kuznetsov/Kuznetsova|Кузнецов/Кузнецова", "Popov/Popova|Попов/Попова",
                                   "Vasiliev/Vasilieva|Васильев/Васильева", "Petrov/Petrova|Петров/Петрова",
                                   "Sokolov/Sokolova|Соколов/Соколова", "Mikhailov/Mikhailova|Михайлов/Михайлова",
                                   "Novikov/Novikova|Новиков/Новикова", "Fedorov/Fedorova|Федоров/Федорова",
                                   "Morozov/Morozova|Морозов/Морозова", "Volkov/Volkova|Волков/Волкова",
                                   "Alekseev/Alekseeva|Алексеев/Алексеева", "Lebedev/Lebedeva|Лебедев/Лебедева",
                                   "Semenov/Semenova|Семёнов/Семёнова", "Egorov/Egorova|Егоров/Егорова",
                                   "Pavlov/Pavlova|Павлов/Павлова", "Kozlov/Kozlova|Козлов/Козлова",
                                   "Stepanov/Stepanova|Степанов/Степанова", "Nikolaev/Nikolaeva|Николаев/Николаева",
                                   "Orlov/Orlova|Орлов/Орлова", "Zaitsev/Zaitseva|Зайцев/Зайцева"};
POOL(gp_names_ru, ru_m, ru_f, ru_s, 0);

static const char *const eg_m[] = {"Mohamed", "Ahmed", "Mahmoud", "Mostafa", "Omar", "Youssef", "Karim",
                                   "Amr", "Hossam", "Tarek", "Khaled", "Islam", "Abdelrahman", "Ibrahim",
                                   "Hany", "Sherif", "Mina", "Bishoy"};
static const char *const eg_f[] = {"Nour", "Mariam", "Fatma", "Aya", "Salma", "Yasmin", "Heba", "Dina",
                                   "Rana", "Menna", "Sara", "Nada", "Marwa", "Esraa", "Mai", "Christine"};
static const char *const eg_s[] = {"Mohamed", "Ahmed", "Hassan", "Ali", "Ibrahim", "Mahmoud", "Mostafa",
                                   "Abdelaziz", "El-Sayed", "Fathy", "Salem", "Farouk", "Gamal", "Nasser",
                                   "Saad", "Hamdy", "Ramadan", "Shehata", "Soliman", "Girgis", "Youssef",
                                   "Kamal"};
POOL(gp_names_eg, eg_m, eg_f, eg_s, 0);

static const char *const fr_m[] = {"Lucas", "Hugo", "Louis", "Jules", "Nathan", "Thomas", "Antoine",
                                   "Maxime", "Alexandre", "Julien", "Nicolas", "Romain", "Guillaume",
                                   "Mathieu", "Clément", "Théo", "Yanis", "Karim"};
static const char *const fr_f[] = {"Emma", "Léa", "Chloé", "Manon", "Camille", "Inès", "Sarah", "Julie",
                                   "Pauline", "Marine", "Claire", "Élodie", "Mathilde", "Océane", "Lucie",
                                   "Amina"};
static const char *const fr_s[] = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
                                   "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel",
                                   "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
                                   "Girard", "Lefèvre", "Mercier", "Benali", "Nguyen"};
POOL(gp_names_fr, fr_m, fr_f, fr_s, 0);

static const char *const es_m[] = {"Hugo", "Martín", "Lucas", "Daniel", "Pablo", "Alejandro", "Javier",
                                   "Sergio", "David", "Adrián", "Álvaro", "Jorge", "Raúl", "Iker", "Marc",
                                   "Jordi"};
static const char *const es_f[] = {"Lucía", "Sofía", "María", "Paula", "Laura", "Marta", "Elena", "Carmen",
                                   "Cristina", "Sara", "Alba", "Irene", "Nerea", "Ainhoa", "Montserrat",
                                   "Núria"};
static const char *const es_s[] = {"García", "Fernández", "González", "Rodríguez", "López", "Martínez",
                                   "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz",
                                   "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro", "Torres", "Puig", "Vidal"};
POOL(gp_names_es, es_m, es_f, es_s, 0);

static const char *const ro_m[] = {"Andrei", "Alexandru", "Mihai", "Ionuț", "Ștefan", "Cristian",
                                   "Florin", "Adrian", "Bogdan", "Vlad", "Răzvan", "Gabriel", "Radu", "Cosmin"};
static const char *const ro_f[] = {"Elena", "Ioana", "Maria", "Andreea", "Alexandra", "Diana", "Cristina",
                                   "Mihaela", "Raluca", "Bianca", "Roxana", "Alina", "Teodora", "Larisa"};
static const char *const ro_s[] = {"Popescu", "Ionescu", "Popa", "Pop", "Niculescu", "Dumitru", "Stan",
                                   "Stoica", "Gheorghe", "Matei", "Ciobanu", "Rusu", "Munteanu", "Constantin",
                                   "Marin", "Tudor", "Dobre", "Barbu", "Nistor", "Florea"};
POOL(gp_names_ro, ro_m, ro_f, ro_s, 0);

static const char *const ke_m[] = {"Brian", "Kevin", "Dennis", "Collins", "Victor", "Emmanuel", "Samuel",
                                   "Peter", "John", "Evans", "Felix", "Kipchoge", "Otieno", "Mwangi"};
static const char *const ke_f[] = {"Faith", "Mercy", "Grace", "Esther", "Joy", "Caroline", "Wanjiru",
                                   "Akinyi", "Achieng", "Njeri", "Brenda", "Sharon", "Cynthia", "Naliaka"};
static const char *const ke_s[] = {"Ochieng", "Otieno", "Kamau", "Mwangi", "Kariuki", "Njoroge", "Wanjiku",
                                   "Kiprop", "Cheruiyot", "Kipkemboi", "Omondi", "Onyango", "Mutua", "Muthoni",
                                   "Wambui", "Kibet", "Odhiambo", "Achieng", "Maina", "Githinji"};
POOL(gp_names_ke, ke_m, ke_f, ke_s, 0);

static const char *const tr_m[] = {"Mehmet", "Mustafa", "Ahmet", "Ali", "Emre", "Burak", "Murat", "Can",
                                   "Oğuz", "Serkan", "Hakan", "Yusuf", "Eren", "Kerem", "Berk", "Onur"};
static const char *const tr_f[] = {"Zeynep", "Elif", "Ayşe", "Fatma", "Merve", "Büşra", "Esra", "Derya",
                                   "Ebru", "Selin", "Deniz", "Gizem", "Özge", "Ceren", "Sena", "Yağmur"};
static const char *const tr_s[] = {"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım",
                                   "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin",
                                   "Kara", "Koç", "Kurt", "Özkan", "Şimşek"};
POOL(gp_names_tr, tr_m, tr_f, tr_s, 0);

static const char *const nl_m[] = {"Daan", "Sem", "Lucas", "Milan", "Bram", "Thijs", "Jesse", "Ruben",
                                   "Lars", "Stijn", "Joost", "Pieter", "Wouter", "Jeroen"};
static const char *const nl_f[] = {"Emma", "Julia", "Sophie", "Lotte", "Fleur", "Sanne", "Anouk", "Iris",
                                   "Femke", "Lieke", "Esther", "Marloes", "Noor", "Eva"};
static const char *const nl_s[] = {"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker",
                                   "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
                                   "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer"};
POOL(gp_names_nl, nl_m, nl_f, nl_s, 0);

static const char *const bd_m[] = {"Mohammad Rahim", "Abdul Karim", "Tanvir", "Rakib", "Shakil", "Arif",
                                   "Sabbir", "Mahmudul", "Nazmul", "Rifat", "Imran", "Sohel", "Farhan", "Tahsin"};
static const char *const bd_f[] = {"Nusrat", "Farzana", "Sharmin", "Tasnim", "Sadia", "Jannatul", "Sumaiya",
                                   "Rumana", "Nadia", "Fahmida", "Tahmina", "Mitu"};
static const char *const bd_s[] = {"Hossain", "Rahman", "Islam", "Ahmed", "Khan", "Chowdhury", "Uddin",
                                   "Alam", "Akter", "Sarker", "Mahmud", "Haque", "Miah", "Talukder", "Das",
                                   "Roy", "Siddique", "Kabir"};
POOL(gp_names_bd, bd_m, bd_f, bd_s, 0);
