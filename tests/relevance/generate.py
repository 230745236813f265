#!/usr/bin/env python3
"""Writes the relevance test set: corpus.jsonl (news articles in English
and Arabic) and queries.jsonl (what a reader types, and the articles that
must be among the first five results).

The corpus is made from a seed, so running this again writes the same
files: `python3 tests/relevance/generate.py` (they are checked in, so the
test needs no Python). It has stories followed over several days (the
newest report must lead: recency), articles that only mention a topic in
passing (the headline must win over the body), Arabic written with and
without diacritics, tatweel and the usual letter variants, and filler news
on everyday topics that shares common words with the stories.
"""
import json
import os
import random

SEED = 20240101
DAY = 86400
START = 1672531200  # 2023-01-01T00:00:00Z
NOW = 1704067200    # 2024-01-01T00:00:00Z, when the queries are asked

HERE = os.path.dirname(os.path.abspath(__file__))

# Each story: an id for the queries, language, section, content type and
# its reports, oldest first: (day of the year, headline, summary, body
# sentences). Bodies are padded with the story's own background lines.
STORIES = [
    dict(key='quake', lang='en', section='World', reports=[
        (200, 'Earthquake strikes eastern Turkey near Malatya',
         'A magnitude 6.1 earthquake shook Malatya province before dawn.',
         ['Buildings collapsed in two villages.', 'Residents fled into the streets in the cold.']),
        (201, 'Rescuers search rubble after Malatya earthquake',
         'Rescue teams worked through the night in collapsed buildings.',
         ['Sniffer dogs joined the rescuers.', 'Cranes lifted concrete slabs from the rubble.']),
        (203, 'Erdoğan visits earthquake zone and promises new homes',
         'The president toured the damaged districts of Malatya.',
         ['He promised housing within a year.', 'Survivors asked for tents and heaters.']),
        (206, 'Aftershocks rattle Malatya as earthquake toll rises',
         'Strong aftershocks hit the province again on Sunday.',
         ['The death toll rose to 61.', 'Schools stayed closed for another week.']),
        (209, 'Earthquake survivors in Malatya move into container homes',
         'The first families received keys to prefabricated homes.',
         ['Each container has two rooms and a kitchen.', 'Aid groups handed out blankets.']),
    ], background=['Turkey sits on several active fault lines.',
                   'The disaster agency AFAD coordinated the response.']),
    dict(key='iraq_vote', lang='en', section='World', reports=[
        (120, 'Iraq sets date for parliamentary elections',
         'The electoral commission announced the vote for December.',
         ['Parties have until October to register candidates.']),
        (340, 'Iraqis vote in parliamentary elections amid low turnout',
         'Polling stations opened across Iraq under tight security.',
         ['Turnout was estimated at 41 percent.', 'Curfews were lifted after the polls closed.']),
        (343, 'Election results in Iraq show gains for independents',
         'Preliminary results gave independents a third of the seats.',
         ['Observers said the count was orderly.']),
    ], background=['Baghdad hosts the national electoral commission.',
                   'Voters use biometric cards to cast ballots.']),
    dict(key='cup_final', lang='en', section='Sports', reports=[
        (150, 'Al Ahly beat Zamalek to win the cup final',
         'A late header settled the Cairo derby in the final.',
         ['The match ended 2-1 after a tense second half.', 'Fans celebrated in Tahrir Square.']),
        (152, 'Cup final hero signs new contract with Al Ahly',
         'The striker who scored the winner extended his contract.',
         ['The club confirmed a three-year deal.']),
    ], background=['The Egypt Cup is the oldest football competition in Africa.']),
    dict(key='pakistan_floods', lang='en', section='World', reports=[
        (230, 'Floods submerge villages in Pakistan\'s Sindh province',
         'Monsoon rains flooded hundreds of villages in Sindh.',
         ['Thousands of families moved to higher ground.', 'Crops were destroyed across the plain.']),
        (236, 'Pakistan appeals for aid as flood waters rise',
         'The government asked donors for emergency relief after the floods.',
         ['Boats carried food to marooned villages.']),
    ], background=['The Indus river burst its banks in several places.']),
    dict(key='greece_fires', lang='en', section='World', reports=[
        (205, 'Wildfires force evacuations on Greek island of Evia',
         'Firefighters battled blazes fanned by strong winds on Evia.',
         ['Ferries evacuated residents from the northern coast.', 'Pine forests burned for days.']),
        (208, 'Greece brings Evia wildfires under control',
         'Officials said the last fronts of the fires were contained.',
         ['Water-bombing planes flew dozens of sorties.']),
    ], background=['Summer heat and drought make forest fires more likely.']),
    dict(key='egypt_rates', lang='en', section='Business', reports=[
        (95, 'Egypt\'s central bank raises interest rates by two points',
         'The central bank lifted its key rate to fight inflation.',
         ['Annual inflation reached 32 percent.', 'The pound weakened against the dollar.']),
        (250, 'Central bank holds interest rates steady in Cairo',
         'Policymakers kept rates unchanged for a second meeting.',
         ['Analysts expect cuts next year.']),
    ], background=['Higher rates make loans more expensive for businesses.']),
    dict(key='opec', lang='en', section='Business', reports=[
        (155, 'OPEC agrees to cut oil output as prices slide',
         'Producers will pump one million fewer barrels a day.',
         ['Brent crude rose after the announcement.', 'Saudi Arabia will make the largest cut.']),
        (300, 'Oil prices climb after OPEC extends output cuts',
         'Brent crude gained three percent on the extended cuts.',
         ['Traders expect tighter supply in winter.']),
    ], background=['Oil revenues fund most Gulf state budgets.']),
    dict(key='polio', lang='en', section='World', reports=[
        (260, 'Polio vaccination campaign reaches children in Gaza',
         'Health workers vaccinated thousands of children against polio.',
         ['Teams went door to door in refugee camps.']),
    ], background=['The vaccine is given as two drops by mouth.']),
    dict(key='heatwave', lang='en', section='World', reports=[
        (190, 'Spain records its hottest day as heatwave grips Europe',
         'Temperatures passed 45 degrees in Andalusia.',
         ['Outdoor work was banned in the afternoon.', 'Hospitals treated heatstroke cases.']),
        (192, 'Heatwave spreads to Italy and France',
         'Red alerts were issued in sixteen Italian cities.',
         ['Tourists crowded fountains in Rome.']),
    ], background=['Scientists link longer heatwaves to climate change.']),
    dict(key='hope_probe', lang='en', section='Science', reports=[
        (40, 'UAE Hope probe maps Martian dust storms',
         'The Hope probe sent the first complete map of a dust storm on Mars.',
         ['The orbiter circles Mars every 55 hours.']),
    ], background=['The mission was launched from Japan in 2020.']),
    dict(key='libya_boat', lang='en', section='World', reports=[
        (110, 'Migrant boat capsizes off Libya, dozens missing',
         'A boat carrying migrants overturned near Tobruk.',
         ['Coast guards rescued 23 people.', 'Survivors said the boat left from eastern Libya.']),
    ], background=['The central Mediterranean route is the deadliest for migrants.']),
    dict(key='somalia_drought', lang='en', section='World', reports=[
        (60, 'Drought pushes Somalia towards famine',
         'A fifth failed rainy season left herders without water.',
         ['Camels and goats died in large numbers.', 'Families walked for days to reach camps.']),
    ], background=['Aid agencies warned of rising malnutrition.']),
    dict(key='vietnam_factory', lang='en', section='Business', reports=[
        (170, 'Smartphone maker opens giant factory in northern Vietnam',
         'The plant near Hanoi will employ 20,000 workers.',
         ['Production starts with two models.']),
    ], background=['Vietnam has become a hub for electronics assembly.']),
    dict(key='port_cyber', lang='en', section='Business', reports=[
        (275, 'Cyberattack halts container terminals at Rotterdam port',
         'Hackers shut down the booking system of two terminals.',
         ['Lorries queued for hours outside the gates.', 'Ransomware was found on the servers.']),
    ], background=['Rotterdam is the largest port in Europe.']),
    dict(key='marathon', lang='en', section='Sports', reports=[
        (282, 'Kenyan runner breaks marathon world record in Chicago',
         'The new record is 2 hours and 35 seconds.',
         ['He ran the second half faster than the first.']),
    ], background=['Road running shoes have changed the sport.']),
    dict(key='palmyra', lang='en', section='Culture', reports=[
        (130, 'Archaeologists uncover Roman mosaic in Palmyra',
         'A floor mosaic showing hunting scenes was found near the temple.',
         ['The mosaic measures six metres across.', 'Experts date it to the third century.']),
    ], background=['Palmyra was a caravan city on the Silk Road.']),
    dict(key='cop_dubai', lang='en', section='World', reports=[
        (333, 'Climate summit opens in Dubai with call to cut emissions',
         'Delegates from 190 countries gathered for the climate talks.',
         ['The host promised a fund for losses and damage.']),
        (346, 'Dubai climate summit ends with deal on fossil fuels',
         'Negotiators agreed to transition away from fossil fuels.',
         ['Small island states said the deal was too weak.']),
    ], background=['The summit is held every year under the UN.']),
    dict(key='rail_strike', lang='en', section='World', reports=[
        (75, 'Railway workers strike across France over pensions',
         'Most high-speed trains were cancelled.',
         ['Unions called a second day of action.', 'Commuters crowded into buses.']),
    ], background=['The pension reform raises the retirement age to 64.']),
    dict(key='locusts', lang='en', section='World', reports=[
        (50, 'Locust swarms destroy crops in northern Kenya',
         'Farmers watched desert locusts strip their fields.',
         ['Planes sprayed pesticide over the swarms.']),
    ], background=['A swarm can eat as much food in a day as 35,000 people.']),
    dict(key='derna', lang='en', section='World', reports=[
        (254, 'Dams burst in Derna after storm Daniel',
         'Two dams above the Libyan city collapsed during the storm.',
         ['Whole neighbourhoods were swept into the sea.']),
        (258, 'Derna buries its dead as rescue teams arrive',
         'International teams joined the search in the ruined city.',
         ['The dams had not been maintained for years.']),
    ], background=['Derna lies where a valley meets the Mediterranean.']),
    dict(key='chess', lang='en', section='Sports', reports=[
        (118, 'Chinese grandmaster wins world chess championship',
         'Ding Liren won the title in a rapid tiebreak.',
         ['The match in Astana lasted three weeks.']),
    ], background=['The championship was decided by a final rapid game.']),
    dict(key='grain_deal', lang='en', section='Business', reports=[
        (200, 'Black Sea grain deal collapses as Russia pulls out',
         'Shipments of wheat from Ukrainian ports stopped.',
         ['Wheat futures jumped in Chicago.']),
    ], background=['The deal had let 33 million tonnes of grain leave Ukraine.']),
    dict(key='yemen_cholera', lang='en', section='World', reports=[
        (100, 'Cholera cases surge in Yemen as clinics run short',
         'Doctors reported hundreds of new cholera cases each day.',
         ['Clean water is scarce in Sanaa.']),
    ], background=['Years of war have damaged water networks.']),
    dict(key='iceland_volcano', lang='en', section='Science', reports=[
        (322, 'Iceland evacuates Grindavik as volcano threatens',
         'Earthquakes cracked roads in the fishing town.',
         ['Magma was found beneath the town.']),
        (352, 'Volcano erupts near Grindavik in Iceland',
         'Lava fountains lit up the night sky on the Reykjanes peninsula.',
         ['Flights were not affected.']),
    ], background=['Iceland has more than thirty active volcanic systems.']),
    dict(key='cannes', lang='en', section='Culture', reports=[
        (147, 'French courtroom drama wins top award at Cannes film festival',
         'The Palme d\'Or went to a film about a trial in the Alps.',
         ['The director is the third woman to win it.']),
    ], background=['The festival runs for twelve days each May.']),
    dict(key='amman_buses', lang='en', section='Business', reports=[
        (220, 'Amman puts electric buses on its busiest routes',
         'Forty electric buses joined the city fleet.',
         ['Chargers were installed at two depots.']),
    ], background=['Fuel imports weigh on Jordan\'s budget.']),

    # Arabic stories: documents use diacritics, tatweel and letter variants
    # in places; the queries use other spellings.
    dict(key='ar_quake', lang='ar', section='World', reports=[
        (200, 'زِلْزَالٌ قوي يضرب شرق تركيا',
         'ضرب زلزال بقوة 6.1 درجة ولاية ملاطية فجرا.',
         ['انهارت مبانٍ في قريتين.', 'خرج السكان إلى الشوارع في البرد.']),
        (202, 'فرق الإنقاذ تبحث تحت الأنقاض بعد زلزال ملاطية',
         'واصلت فرق الإنقاذ عملها طوال الليل.',
         ['شاركت الكلاب المدربة في البحث.']),
        (207, 'ارتفاع حصيلة ضحايا الزلزال في تركيا مع توالي الهزات الارتدادية',
         'ضربت هزات ارتدادية قوية الولاية مجددا.',
         ['ارتفعت الحصيلة إلى 61 قتيلا.', 'بقيت المدارس مغلقة.']),
    ], background=['تقع تركيا على عدة فوالق نشطة.']),
    dict(key='ar_iraq_vote', lang='ar', section='World', reports=[
        (340, 'العراقيون يصوتون في الانتخابات البرلمانية وسط إقبال ضعيف',
         'فتحت مراكز الاقتراع أبوابها في أنحاء العراق وسط إجراءات أمنية مشددة.',
         ['قدرت نسبة المشاركة بـ41 بالمئة.']),
        (344, 'نتائج الانتخابات في العراق تظهر تقدم المستقلين',
         'منحت النتائج الأولية المستقلين ثلث المقاعد.',
         ['قال المراقبون إن الفرز جرى بهدوء.']),
    ], background=['تشرف المفوضية العليا المستقلة على الانتخابات.']),
    dict(key='ar_cup', lang='ar', section='Sports', reports=[
        (150, 'الأهلي يفوز على الزمالك في نهائي كأس مصر',
         'حسمت رأسية متأخرة مباراة القمة في النهائي.',
         ['انتهت المباراة بهدفين لهدف.']),
    ], background=['كأس مصر أقدم بطولة كرة قدم في أفريقيا.']),
    dict(key='ar_sudan_floods', lang='ar', section='World', reports=[
        (240, 'الفيضانات تغمر قرى في ولاية نهر النيل بالسودان',
         'أدت الأمطار الغزيرة إلى فيضان النيل وغمر مئات المنازل.',
         ['نزحت آلاف الأسر إلى المرتفعات.']),
    ], background=['يبلغ موسم الأمطار ذروته في أغسطس.']),
    dict(key='ar_algeria_fires', lang='ar', section='World', reports=[
        (206, 'حرائق الغابات تلتهم آلاف الهكتارات في الجزائر',
         'كافح رجال الإطفاء النيران في ولاية بجاية.',
         ['أجلت السلطات سكان القرى الجبلية.']),
    ], background=['تزيد موجات الحر من خطر الحرائق.']),
    dict(key='ar_rates', lang='ar', section='Business', reports=[
        (96, 'البنك المركزي المصري يرفع أسعار الفائدة نقطتين',
         'رفع البنك المركزي سعر الفائدة الرئيسي لمواجهة التضخم.',
         ['بلغ التضخم السنوي 32 بالمئة.']),
    ], background=['ترفع الفائدة المرتفعة كلفة القروض.']),
    dict(key='ar_oil', lang='ar', section='Business', reports=[
        (301, 'أسعار النفط ترتفع بعد تمديد أوبك خفض الإنتاج',
         'ارتفع خام برنت ثلاثة بالمئة.',
         ['يتوقع التجار شح الإمدادات في الشتاء.']),
    ], background=['تمول عائدات النفط معظم ميزانيات الخليج.']),
    dict(key='ar_polio', lang='ar', section='World', reports=[
        (261, 'حملة تطعيم ضد شلل الأطفال تصل إلى أطفال غزة',
         'طعم العاملون الصحيون آلاف الأطفال ضد شلل الأطفال.',
         ['تنقلت الفرق من بيت إلى بيت في المخيمات.']),
    ], background=['يعطى اللقاح قطرتين عن طريق الفم.']),
    dict(key='ar_hope', lang='ar', section='Science', reports=[
        (41, 'مسبار الأمل يرسم خريطة العواصف الترابية على المريخ',
         'أرسل مسبار الأمل أول خريطة كاملة لعاصفة ترابية.',
         ['يدور المسبار حول المريخ كل 55 ساعة.']),
    ], background=['أطلقت المهمة من اليابان عام 2020.']),
    dict(key='ar_boat', lang='ar', section='World', reports=[
        (111, 'غرق قارب مهاجرين قبالة سواحل ليبيا وفقدان العشرات',
         'انقلب قارب يقل مهاجرين قرب طبرق.',
         ['أنقذ خفر السواحل 23 شخصا.']),
    ], background=['طريق وسط المتوسط هو الأخطر على المهاجرين.']),
    dict(key='ar_somalia', lang='ar', section='World', reports=[
        (61, 'الجفاف يدفع الصومال نحو المجاعة',
         'خلف موسم أمطار فاشل خامس الرعاة بلا ماء.',
         ['نفقت الإبل والماعز بأعداد كبيرة.']),
    ], background=['حذرت وكالات الإغاثة من سوء التغذية.']),
    dict(key='ar_tomb', lang='ar', section='Culture', reports=[
        (135, 'اكتشاف أثري جديد: تابوت فرعوني في سقارة',
         'عثر علماء الآثار على تابوت خشبي ملون في سقارة.',
         ['يعود التابوت إلى الأسرة السادسة والعشرين.']),
    ], background=['تضم سقارة أقدم هرم مدرج في مصر.']),
    dict(key='ar_cholera', lang='ar', section='World', reports=[
        (101, 'ارتفاع إصابات الكوليرا في اليمن مع نقص الأدوية',
         'أبلغ الأطباء عن مئات الإصابات الجديدة يوميا.',
         ['المياه النظيفة شحيحة في صنعاء.']),
    ], background=['دمرت سنوات الحرب شبكات المياه.']),
    dict(key='ar_book_fair', lang='ar', section='Culture', reports=[
        (25, 'افتتاح معرض القاهرة الدولي للكتاب',
         'يشارك في المعرض أكثر من ألف ناشر من خمسين دولة.',
         ['يستمر المعرض أسبوعين.']),
    ], background=['يعد المعرض من أكبر معارض الكتب في العالم العربي.']),
    dict(key='ar_hospital', lang='ar', section='World', reports=[
        (180, 'افتتاح مستشفى جديد للأطفال في حلـــب',
         'يضم المستشفى مئتي سرير وقسما للطوارئ.',
         ['قال مسؤول في وزارة الصحة إن المستشفى سيخدم ريف حلب.']),
    ], background=['تضررت مستشفيات المدينة خلال سنوات الحرب.']),
]

# Everyday news, for filler articles: subjects, verbs and objects combine
# into headlines; sentences make bodies. Some mention a story's words in
# passing, as real news does.
FILLER_EN = dict(
    subjects=['City council', 'Local farmers', 'The school board', 'Transport officials',
              'A new study', 'Shop owners', 'The health ministry', 'Museum staff',
              'The football club', 'Residents', 'The university', 'Police'],
    verbs=['approve', 'debate', 'announce', 'reject', 'welcome', 'review', 'plan', 'question'],
    objects=['new parking rules', 'a budget for parks', 'longer library hours',
             'a bus lane on the ring road', 'repairs to the old bridge', 'a summer festival',
             'a ban on plastic bags', 'a recycling scheme', 'new cycle paths',
             'a youth training programme', 'higher water tariffs', 'a night market'],
    sentences=['The decision follows months of consultation.',
               'Critics say the cost is too high.', 'A public meeting is planned for next week.',
               'Officials expect the work to take a year.', 'The plan still needs a final vote.',
               'Opposition members asked for more details.',
               'The mayor said the city would find the money.',
               'Builders warned of delays caused by the weather.',
               'Engineers checked buildings for earthquake safety last year.',
               'Prices at the market rose with the cost of oil.',
               'The club will play its cup match on Saturday.',
               'Heavy rain caused minor floods in two streets.',
               'Some residents worried about the summer heat.',
               'The central square will host a film night.',
               'Doctors urged parents to keep vaccinations up to date.',
               'Students will vote for a new council in the spring.'],
)

FILLER_AR = dict(
    subjects=['مجلس المدينة', 'المزارعون', 'وزارة النقل', 'دراسة جديدة', 'أصحاب المحلات',
              'وزارة الصحة', 'إدارة المتحف', 'النادي', 'السكان', 'الجامعة'],
    verbs=['يناقش', 'يعلن', 'يرفض', 'يرحب', 'يراجع', 'يخطط'],
    objects=['قواعد جديدة لمواقف السيارات', 'ميزانية للحدائق', 'تمديد ساعات المكتبة',
             'ترميم الجسر القديم', 'مهرجانا صيفيا', 'حظر الأكياس البلاستيكية',
             'برنامج إعادة التدوير', 'مسارات جديدة للدراجات', 'رفع تعرفة المياه',
             'سوقا ليلية'],
    sentences=['يأتي القرار بعد أشهر من المشاورات.', 'يقول المنتقدون إن الكلفة مرتفعة.',
               'من المقرر عقد اجتماع عام الأسبوع المقبل.', 'يتوقع المسؤولون أن يستغرق العمل عاما.',
               'ما زالت الخطة بحاجة إلى تصويت نهائي.', 'قال رئيس البلدية إن المدينة ستجد التمويل.',
               'فحص المهندسون المباني لمقاومة الزلازل العام الماضي.',
               'ارتفعت الأسعار في السوق مع ارتفاع أسعار النفط.',
               'سيلعب النادي مباراة الكأس يوم السبت.', 'تسببت الأمطار في فيضانات صغيرة في شارعين.',
               'حث الأطباء الأهالي على تطعيم الأطفال في مواعيدهم.',
               'سيصوت الطلاب لاختيار مجلس جديد في الربيع.'],
)

FILLER_SECTIONS = ['World', 'Business', 'Culture', 'Sports', 'Science']

# Queries: (text, [story report references "key:index"], note). A third
# and more are Arabic.
QUERIES = [
    ('earthquake malatya', ['quake:4', 'quake:3'], 'newest reports of a running story first'),
    ('earthquakes', ['quake:4'], 'plural finds singular; newest leads'),
    ('rescuers rubble', ['quake:1'], 'a specific report'),
    ('erdogan earthquake', ['quake:2'], 'accent-free spelling of Erdoğan'),
    ('iraq election', ['iraq_vote:2', 'iraq_vote:1'], 'elections/election stem, recency'),
    ('"central bank" interest rates', ['egypt_rates:1', 'egypt_rates:0'], 'phrase'),
    ('cup final -contract', ['cup_final:0'], 'exclusion'),
    ('pakistan flood OR floods', ['pakistan_floods:1', 'pakistan_floods:0'], 'OR'),
    ('evia wildfire', ['greece_fires:1', 'greece_fires:0'], 'wildfires/wildfire stem'),
    ('opec oil', ['opec:1', 'opec:0'], 'two reports'),
    ('polio vaccine gaza', ['polio:0'], 'vaccine/vaccination stem'),
    ('heatwave spain', ['heatwave:0'], 'headline match'),
    ('hope probe mars', ['hope_probe:0'], ''),
    ('migrant boat libya', ['libya_boat:0'], 'migrants/migrant'),
    ('somalia drought famine', ['somalia_drought:0'], ''),
    ('smartphone factory', ['vietnam_factory:0'], ''),
    ('cyberattack rotterdam', ['port_cyber:0'], ''),
    ('marathon world record', ['marathon:0'], ''),
    ('roman mosaic', ['palmyra:0'], ''),
    ('climate summit dubai', ['cop_dubai:1', 'cop_dubai:0'], ''),
    ('railway strike', ['rail_strike:0'], ''),
    ('locusts kenya', ['locusts:0'], 'locust swarms'),
    ('derna dams', ['derna:0', 'derna:1'], ''),
    ('chess championship', ['chess:0'], ''),
    ('"grain deal"', ['grain_deal:0'], 'phrase'),
    ('cholera yemen', ['yemen_cholera:0'], ''),
    ('grindavik volcano', ['iceland_volcano:1', 'iceland_volcano:0'], ''),
    ('cannes festival', ['cannes:0'], ''),
    ('electric buses', ['amman_buses:0'], ''),
    ('زلزال تركيا', ['ar_quake:2', 'ar_quake:0'], 'without diacritics; newest first'),
    ('زِلْزَال ملاطية', ['ar_quake:1'], 'with diacritics'),
    ('انتخابات العراق', ['ar_iraq_vote:1', 'ar_iraq_vote:0'], 'without the article'),
    ('نهائي الكاس', ['ar_cup:0'], 'alef without hamza'),
    ('فيضانات السودان', ['ar_sudan_floods:0'], 'article and plural'),
    ('حرائق الجزائر', ['ar_algeria_fires:0'], ''),
    ('البنك المركزي الفائده', ['ar_rates:0'], 'haa for taa marbuta'),
    ('اسعار النفط اوبك', ['ar_oil:0'], 'alef forms'),
    ('شلل الاطفال', ['ar_polio:0'], 'alef without hamza'),
    ('مسبار الامل', ['ar_hope:0'], ''),
    ('قارب مهاجرين ليبيا', ['ar_boat:0'], ''),
    ('الجفاف في الصومال', ['ar_somalia:0'], 'stop word in the query'),
    ('تابوت اثري', ['ar_tomb:0'], ''),
    ('الكوليرا في اليمن', ['ar_cholera:0'], ''),
    ('معرض الكتاب القاهره', ['ar_book_fair:0'], 'haa for taa marbuta'),
    ('مستشفي حلب', ['ar_hospital:0'], 'yaa for alef maqsura, tatweel in the text'),
    ('مسئول حلب', ['ar_hospital:0'], 'hamza on yaa for hamza on waw'),
    ('"البنك المركزي"', ['ar_rates:0'], 'Arabic phrase'),
]


def filler(rng, lang, index):
    pool = FILLER_EN if lang == 'en' else FILLER_AR
    subject = rng.choice(pool['subjects'])
    verb = rng.choice(pool['verbs'])
    obj = rng.choice(pool['objects'])
    headline = f'{subject} {verb} {obj}'
    if lang == 'en':
        headline = headline[0].upper() + headline[1:]
    sentences = rng.sample(pool['sentences'], 5)
    summary = sentences[0]
    body = '\n\n'.join(sentences[1:])
    return dict(headline=headline, summary=summary, body=body, lang=lang,
                section=rng.choice(FILLER_SECTIONS), type=1,
                published=START + rng.randrange(365) * DAY + rng.randrange(DAY))


def main():
    rng = random.Random(SEED)
    articles = []
    refs = {}
    for story in STORIES:
        for index, (day, headline, summary, lines) in enumerate(story['reports']):
            body_lines = list(lines) + list(story['background'])
            rng.shuffle(body_lines)
            articles.append(dict(headline=headline, summary=summary,
                                 body='\n\n'.join(body_lines), lang=story['lang'],
                                 section=story['section'], type=21 if index == 1 else 1,
                                 published=START + day * DAY + rng.randrange(DAY),
                                 ref=f"{story['key']}:{index}"))
    story_count = len(articles)
    for index in range(320 - story_count):
        articles.append(filler(rng, 'ar' if index % 3 == 0 else 'en', index))
    rng.shuffle(articles)
    for number, article in enumerate(articles, start=1):
        article['id'] = 1000 + number
        if 'ref' in article:
            refs[article.pop('ref')] = article['id']
    with open(os.path.join(HERE, 'corpus.jsonl'), 'w', encoding='utf-8') as out:
        for article in articles:
            out.write(json.dumps(article, ensure_ascii=False, sort_keys=True) + '\n')
    with open(os.path.join(HERE, 'queries.jsonl'), 'w', encoding='utf-8') as out:
        for text, expected, note in QUERIES:
            out.write(json.dumps(dict(query=text, expected=[refs[r] for r in expected],
                                      note=note, now=NOW), ensure_ascii=False) + '\n')
    arabic = sum(1 for q in QUERIES if any('\u0600' <= c <= '\u06ff' for c in q[0]))
    print(f'{len(articles)} articles, {len(QUERIES)} queries ({arabic} in Arabic)')


if __name__ == '__main__':
    main()
