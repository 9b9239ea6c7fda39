"""Briefs small local businesses send to the offline generator, annotated by hand.

Data only: tests/unit/test_offline_briefs.py reads it. Each brief is typed as a real owner
would (short or long, casual or formal, with names, prices, dates, URLs, emoji and hashtags)
and carries its kind and four annotations, every one a verbatim substring of the text:

- `facts`: what a post must keep intact to be correct: proper names, numbers with their unit or
  noun, dates and times, prices and discounts, URLs, phone numbers, the offer. No emoji, "#",
  "!" or casual words ("gonna", "it's"...) inside one; a phrase ending a sentence is cut before
  its final "." or "?". Every time and place phrase is also a fact.
- `business`: the subject of the first sentence, with its determiner, when it names the
  business or a part of it ("Our yoga studio", "Café Lumière", "our kitchen team"); None when
  the first sentence starts with "We", "I", an imperative, a time phrase or anything else.
- `times`: every time adverbial, whole and with its preposition ("every Tuesday in June",
  "from 9am to 5pm", "today"); adjacent ones are one phrase ("next Saturday at 10am").
- `places`: every place adverbial, whole and with its preposition ("on the beach", "in Łódź");
  "online", "on our website", "on Instagram", "in stock" and "on the menu" are not places.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Brief:
    text: str
    kind: str  # one of: opening, event, offer, product, hiring, closure, apology, milestone, news
    facts: tuple[str, ...] = ()  # fact-bearing phrases, verbatim substrings of text
    business: str | None = None  # the business noun phrase as the sentence subject, verbatim
    times: tuple[str, ...] = ()  # time adverbials, verbatim, maximal
    places: tuple[str, ...] = ()  # place adverbials, verbatim, maximal, with their preposition


_OPENINGS = (
    Brief("Grand opening 🎉", "opening"),
    Brief("Grand opening tomorrow", "opening", facts=("tomorrow",), times=("tomorrow",)),
    Brief("We open on Monday 🎉", "opening", facts=("on Monday",), times=("on Monday",)),
    Brief("Soft opening tonight 7pm", "opening", facts=("tonight 7pm",), times=("tonight 7pm",)),
    Brief(
        "Open from 7am tomorrow",
        "opening",
        facts=("from 7am tomorrow",),
        times=("from 7am tomorrow",),
    ),
    Brief(
        "Café Lumière opens its doors on Elm Street this Saturday at 8am ☕️",
        "opening",
        facts=("Café Lumière", "on Elm Street", "this Saturday at 8am"),
        business="Café Lumière",
        times=("this Saturday at 8am",),
        places=("on Elm Street",),
    ),
    Brief(
        "Björk's Bakery opens at 12 High Street on May 12th, with free cinnamon buns for the "
        "first 50 customers.",
        "opening",
        facts=(
            "Björk's Bakery",
            "at 12 High Street",
            "on May 12th",
            "free cinnamon buns",
            "first 50 customers",
        ),
        business="Björk's Bakery",
        times=("on May 12th",),
        places=("at 12 High Street",),
    ),
    Brief(
        "our second shop opens in Łódź next month!!",
        "opening",
        facts=("second shop", "in Łódź", "next month"),
        business="our second shop",
        times=("next month",),
        places=("in Łódź",),
    ),
    Brief(
        "The Hop Yard Brewery taproom opens Friday from 4pm with six beers to try.",
        "opening",
        facts=("Hop Yard Brewery", "Friday from 4pm", "six beers"),
        business="The Hop Yard Brewery taproom",
        times=("Friday from 4pm",),
    ),
    Brief(
        "Zoë's Salon opens its new space in the old post office tomorrow at 9:30am.",
        "opening",
        facts=("Zoë's Salon", "in the old post office", "tomorrow at 9:30am"),
        business="Zoë's Salon",
        times=("tomorrow at 9:30am",),
        places=("in the old post office",),
    ),
    Brief(
        "Ñandú Grill opens on Friday the 14th 🔥 come hungry!",
        "opening",
        facts=("Ñandú Grill", "on Friday the 14th"),
        business="Ñandú Grill",
        times=("on Friday the 14th",),
    ),
    Brief(
        "We're finally open!!! come say hi at 22 Canal Road 🥐",
        "opening",
        facts=("at 22 Canal Road",),
        places=("at 22 Canal Road",),
    ),
    Brief(
        "Iron Temple Gym opens its doors on 1 September with 40 new machines.",
        "opening",
        facts=("Iron Temple Gym", "on 1 September", "40 new machines"),
        business="Iron Temple Gym",
        times=("on 1 September",),
    ),
    Brief(
        "Lingua Language School opens a new campus in Porto in the autumn.",
        "opening",
        facts=("Lingua Language School", "in Porto", "in the autumn"),
        business="Lingua Language School",
        times=("in the autumn",),
        places=("in Porto",),
    ),
    Brief(
        "the flower stall is back at the farmers' market on saturdays from 8",
        "opening",
        facts=("at the farmers' market", "on saturdays from 8"),
        business="the flower stall",
        times=("on saturdays from 8",),
        places=("at the farmers' market",),
    ),
    Brief(
        "Björk's Bakery opens a second shop in São Paulo on 12 May!",
        "opening",
        facts=("Björk's Bakery", "second shop", "in São Paulo", "on 12 May"),
        business="Björk's Bakery",
        times=("on 12 May",),
        places=("in São Paulo",),
    ),
    Brief(
        "The new Spoke & Chain workshop opens next Saturday at 10am with free coffee for "
        "everyone 🚲",
        "opening",
        facts=("Spoke & Chain", "next Saturday at 10am", "free coffee"),
        business="The new Spoke & Chain workshop",
        times=("next Saturday at 10am",),
    ),
    Brief(
        "We are pleased to announce that Bright Smile Dental will open in the Old Mill building "
        "on 3 March. New patients are welcome, and appointments can be booked through "
        "brightsmile.example/book or by calling 01632 960 123.",
        "opening",
        facts=(
            "Bright Smile Dental",
            "in the Old Mill building",
            "on 3 March",
            "brightsmile.example/book",
            "01632 960 123",
        ),
        times=("on 3 March",),
        places=("in the Old Mill building",),
    ),
    Brief(
        "The wait is over! Page Turner Books opens its doors at 3 Market Square this Saturday. "
        "Drop by for coffee, cake and 10% off every book. Author Maya Okafor will sign copies "
        "from 2pm to 4pm.",
        "opening",
        facts=(
            "Page Turner Books",
            "at 3 Market Square",
            "this Saturday",
            "10% off",
            "Maya Okafor",
            "from 2pm to 4pm",
        ),
        times=("this Saturday", "from 2pm to 4pm"),
        places=("at 3 Market Square",),
    ),
    Brief(
        "It is with great pleasure that we announce the opening of our second clinic. Hillside "
        "Physio Northside welcomes its first patients on Monday 2 September at 8:30am. Book "
        "online or call 01632 960 555.",
        "opening",
        facts=(
            "second clinic",
            "Hillside Physio Northside",
            "on Monday 2 September at 8:30am",
            "01632 960 555",
        ),
        times=("on Monday 2 September at 8:30am",),
    ),
    Brief(
        "hey everyone!! the new Spoke & Chain workshop is finally open on Harbour Road. we fix "
        "all bikes, big or small, and the first tune-up is half price until the end of May. "
        "it's gonna be awesome",
        "opening",
        facts=("Spoke & Chain", "on Harbour Road", "half price", "until the end of May"),
        times=("until the end of May",),
        places=("on Harbour Road",),
    ),
    Brief(
        "We are thrilled to welcome you to Sunny Paws Grooming, which opens at 41 Fenwick Road "
        "on Monday. Our groomers Kasia and Luis can't wait to meet your dogs. Opening week runs "
        "from 2 to 8 June, with 20% off every groom.",
        "opening",
        facts=(
            "Sunny Paws Grooming",
            "at 41 Fenwick Road",
            "on Monday",
            "Kasia and Luis",
            "from 2 to 8 June",
            "20% off",
        ),
        times=("on Monday", "from 2 to 8 June"),
        places=("at 41 Fenwick Road",),
    ),
    Brief(
        "Buongiorno! Piccolo Forno opens in the old bank building on 1 May. Giulia and Marco "
        "Bianchi will be baking focaccia, cornetti and pizza al taglio every day from 7am. "
        "Every visitor gets a free cornetto!",
        "opening",
        facts=(
            "Piccolo Forno",
            "in the old bank building",
            "on 1 May",
            "Giulia and Marco Bianchi",
            "every day from 7am",
            "free cornetto",
        ),
        times=("on 1 May", "every day from 7am"),
        places=("in the old bank building",),
    ),
)

_EVENTS = (
    Brief("Quiz night Thursday", "event", facts=("Thursday",), times=("Thursday",)),
    Brief(
        "Free bike maintenance class tomorrow evening",
        "event",
        facts=("Free bike maintenance class", "tomorrow evening"),
        times=("tomorrow evening",),
    ),
    Brief(
        "Our yoga studio starts free sunrise classes on the beach every Tuesday in June",
        "event",
        facts=("free sunrise classes", "on the beach", "every Tuesday in June"),
        business="Our yoga studio",
        times=("every Tuesday in June",),
        places=("on the beach",),
    ),
    Brief(
        "Live jazz tonight at Café Lumière from 8pm 🎷",
        "event",
        facts=("tonight", "at Café Lumière", "from 8pm"),
        times=("tonight", "from 8pm"),
        places=("at Café Lumière",),
    ),
    Brief(
        "We're hosting a book signing with Zoë Adler at Page Turner Books on the 3rd at 6pm.",
        "event",
        facts=("Zoë Adler", "at Page Turner Books", "on the 3rd at 6pm"),
        times=("on the 3rd at 6pm",),
        places=("at Page Turner Books",),
    ),
    Brief(
        "Hop Yard Brewery hosts a charity 5k run in Victoria Park next Sunday at 9am, and every "
        "finisher gets a free pint.",
        "event",
        facts=(
            "Hop Yard Brewery",
            "5k run",
            "in Victoria Park",
            "next Sunday at 9am",
            "free pint",
        ),
        business="Hop Yard Brewery",
        times=("next Sunday at 9am",),
        places=("in Victoria Park",),
    ),
    Brief(
        "Kids' story time every Saturday at 10:30am in the children's corner",
        "event",
        facts=("every Saturday at 10:30am", "in the children's corner"),
        times=("every Saturday at 10:30am",),
        places=("in the children's corner",),
    ),
    Brief(
        "Paint & sip night at Bloom & Co this Friday, £25 per person incl. flowers and a glass "
        "of prosecco 🌸",
        "event",
        facts=("at Bloom & Co", "this Friday", "£25 per person"),
        times=("this Friday",),
        places=("at Bloom & Co",),
    ),
    Brief(
        "Did you know Björk's Bakery runs sourdough workshops every first Sunday of the month?",
        "event",
        facts=("Björk's Bakery", "every first Sunday of the month"),
        times=("every first Sunday of the month",),
    ),
    Brief(
        "so on saturday we have the street fair in the car park and there will be a bouncy "
        "castle and face painting and the bbq starts at 12 and it finishes around 5 so bring "
        "the whole family",
        "event",
        facts=("on saturday", "in the car park", "at 12", "around 5"),
        times=("on saturday", "at 12", "around 5"),
        places=("in the car park",),
    ),
    Brief(
        "Green Fern Florist runs a wreath-making workshop on 12 December at 7pm, tickets €30, "
        "book via greenfern.example/workshops",
        "event",
        facts=(
            "Green Fern Florist",
            "on 12 December at 7pm",
            "€30",
            "greenfern.example/workshops",
        ),
        business="Green Fern Florist",
        times=("on 12 December at 7pm",),
    ),
    Brief(
        "Open mic night!! Thursday 8pm, sign up at the bar",
        "event",
        facts=("Thursday 8pm", "at the bar"),
        times=("Thursday 8pm",),
        places=("at the bar",),
    ),
    Brief(
        "Our salon is hosting a bridal hair masterclass with stylist Inês Costa on Sunday "
        "afternoon.",
        "event",
        facts=("Inês Costa", "on Sunday afternoon"),
        business="Our salon",
        times=("on Sunday afternoon",),
    ),
    Brief(
        "Wine tasting with Ignacio Ñúñez this Thursday 7-9pm, only 20 spots",
        "event",
        facts=("Ignacio Ñúñez", "this Thursday 7-9pm", "20 spots"),
        times=("this Thursday 7-9pm",),
    ),
    Brief(
        "Our brewery hosts Oktoberfest in the beer garden from 3 to 6 October 🍺",
        "event",
        facts=("Oktoberfest", "in the beer garden", "from 3 to 6 October"),
        business="Our brewery",
        times=("from 3 to 6 October",),
        places=("in the beer garden",),
    ),
    Brief(
        "Board games + pizza, every Wednesday from 6pm at Slice Club",
        "event",
        facts=("every Wednesday from 6pm", "at Slice Club"),
        times=("every Wednesday from 6pm",),
        places=("at Slice Club",),
    ),
    Brief(
        "We meet outside Iron Temple Gym every Saturday at 7am for run club, all paces welcome",
        "event",
        facts=("outside Iron Temple Gym", "every Saturday at 7am"),
        times=("every Saturday at 7am",),
        places=("outside Iron Temple Gym",),
    ),
    Brief(
        "Author talk with Hanna Kowalska about her new novel, 14/06 at 7pm, tickets £5",
        "event",
        facts=("Hanna Kowalska", "14/06 at 7pm", "£5"),
        times=("14/06 at 7pm",),
    ),
    Brief(
        "The café is hosting a craft market in the courtyard on 7 and 8 December, with 15 local "
        "makers.",
        "event",
        facts=("in the courtyard", "on 7 and 8 December", "15 local makers"),
        business="The café",
        times=("on 7 and 8 December",),
        places=("in the courtyard",),
    ),
    Brief(
        "Pub quiz at The Red Lion, Thursday at 8, teams of up to 6",
        "event",
        facts=("at The Red Lion", "Thursday at 8", "teams of up to 6"),
        times=("Thursday at 8",),
        places=("at The Red Lion",),
    ),
    Brief(
        "Our dance school performs at the town hall on 22 June at 6:30pm, entry is free.",
        "event",
        facts=("at the town hall", "on 22 June at 6:30pm", "entry is free"),
        business="Our dance school",
        times=("on 22 June at 6:30pm",),
        places=("at the town hall",),
    ),
    Brief(
        "Yoga in the park this Sunday at 9am, bring your own mat!",
        "event",
        facts=("in the park", "this Sunday at 9am"),
        times=("this Sunday at 9am",),
        places=("in the park",),
    ),
    Brief(
        "Our café hosts a Polish supper club with chef Michał Nowak on Friday 14 June at "
        "7:30pm, €45 a head.",
        "event",
        facts=("Polish supper club", "Michał Nowak", "on Friday 14 June at 7:30pm", "€45 a head"),
        business="Our café",
        times=("on Friday 14 June at 7:30pm",),
    ),
    Brief(
        "Come and meet the alpacas at Green Fern Florist on Saturday from 10am to 2pm!",
        "event",
        facts=("at Green Fern Florist", "on Saturday from 10am to 2pm"),
        times=("on Saturday from 10am to 2pm",),
        places=("at Green Fern Florist",),
    ),
    Brief(
        "Our bookshop holds a secondhand book fair in the church hall on Saturday from 9am to "
        "5pm. #books",
        "event",
        facts=("in the church hall", "on Saturday from 9am to 5pm"),
        business="Our bookshop",
        times=("on Saturday from 9am to 5pm",),
        places=("in the church hall",),
    ),
    Brief(
        "Hey folks! Riverside Bakery is throwing a birthday party for our sourdough starter, "
        "Gerald, who turns 10 years old on Friday. Free tasters all day and a cake-decorating "
        "contest for kids. You don't wanna miss this one 🎂",
        "event",
        facts=(
            "Riverside Bakery",
            "Gerald",
            "10 years old",
            "on Friday",
            "Free tasters",
            "all day",
        ),
        times=("on Friday", "all day"),
    ),
    Brief(
        "We are delighted to invite you to our annual open day on Saturday 21 September. The "
        "doors of Lingua Language School will be open from 10am to 3pm, with free taster "
        "lessons in Spanish, Polish and Japanese. Our teachers will be happy to answer your "
        "questions.",
        "event",
        facts=(
            "on Saturday 21 September",
            "Lingua Language School",
            "from 10am to 3pm",
            "free taster lessons",
            "Spanish, Polish and Japanese",
        ),
        times=("on Saturday 21 September", "from 10am to 3pm"),
    ),
    Brief(
        "Calling all dog lovers! This Sunday we are turning our patio into a doggy café, with "
        "free puppuccinos and homemade treats. Local rescue Paws & Claws will be there from "
        "11am with dogs looking for a home. Donations welcome.",
        "event",
        facts=("This Sunday", "free puppuccinos", "Paws & Claws", "from 11am"),
        times=("This Sunday", "from 11am"),
    ),
    Brief(
        "Calling all bookworms! 📚 Our monthly book club meets at Page Turner Books on the last "
        "Thursday of every month at 7pm. This month we're reading 'The Bee Sting' by Paul "
        "Murray, a big, funny and heartbreaking family novel that our staff could not put "
        "down. New members are welcome, no need to have finished the book, and there's "
        "free wine for everyone who comes along.",
        "event",
        facts=(
            "at Page Turner Books",
            "on the last Thursday of every month at 7pm",
            "This month",
            "The Bee Sting",
            "Paul Murray",
            "free wine",
        ),
        times=("on the last Thursday of every month at 7pm", "This month"),
        places=("at Page Turner Books",),
    ),
    Brief(
        "The Riverside Bakery is running a bread-making course for beginners over four Saturday "
        "mornings in October. Classes start at 9am and finish around noon. The course costs "
        "£120, including all ingredients and a signed copy of our cookbook. Book at the counter "
        "or online.",
        "event",
        facts=(
            "Riverside Bakery",
            "over four Saturday mornings in October",
            "at 9am",
            "around noon",
            "£120",
            "at the counter",
        ),
        business="The Riverside Bakery",
        times=("over four Saturday mornings in October", "at 9am", "around noon"),
        places=("at the counter",),
    ),
    Brief(
        "hiya!! so this saturday there's a street party outside the bakery and there'll be a "
        "bouncy castle and a dj and our famous cinnamon buns for £1 each and it all kicks off "
        "at 11am so tell your friends and bring your dancing shoes 💃 #shoplocal",
        "event",
        facts=("this saturday", "outside the bakery", "£1 each", "at 11am"),
        times=("this saturday", "at 11am"),
        places=("outside the bakery",),
    ),
    Brief(
        "We are pleased to announce our annual charity gala for the local hospice. The gala "
        "takes place at the Grand Hotel on Friday 15 November from 7pm, with a three-course "
        "dinner, live music and an auction. Tickets cost £65; call 01632 960 888 to reserve.",
        "event",
        facts=(
            "at the Grand Hotel",
            "on Friday 15 November from 7pm",
            "three-course dinner",
            "£65",
            "01632 960 888",
        ),
        times=("on Friday 15 November from 7pm",),
        places=("at the Grand Hotel",),
    ),
    Brief(
        "We are delighted to invite you to the launch of our new cookbook, Bread & Butter, "
        "written by our head baker Rosa Delgado. The launch takes place at Page Turner Books on "
        "Thursday 10 October from 6:30pm to 8:30pm. Rosa will share a few of her favourite "
        "recipes, answer your questions and sign copies. Tickets are £8, including a glass of "
        "wine, and are available at the till.",
        "event",
        facts=(
            "Bread & Butter",
            "Rosa Delgado",
            "at Page Turner Books",
            "on Thursday 10 October from 6:30pm to 8:30pm",
            "£8",
            "at the till",
        ),
        times=("on Thursday 10 October from 6:30pm to 8:30pm",),
        places=("at Page Turner Books", "at the till"),
    ),
)

_OFFERS = (
    Brief(
        "20% off all cakes this weekend",
        "offer",
        facts=("20% off", "this weekend"),
        times=("this weekend",),
    ),
    Brief(
        "Half price pizza on Mondays 🍕",
        "offer",
        facts=("Half price", "on Mondays"),
        times=("on Mondays",),
    ),
    Brief(
        "BIG SALE this Saturday!!!",
        "offer",
        facts=("this Saturday",),
        times=("this Saturday",),
    ),
    Brief("2 for 1 cocktails 5-7pm", "offer", facts=("2 for 1", "5-7pm"), times=("5-7pm",)),
    Brief(
        "Free coffee with every pastry before 10am ☕️",
        "offer",
        facts=("Free coffee", "before 10am"),
        times=("before 10am",),
    ),
    Brief(
        "Our bike shop is offering 15% off all helmets until Sunday.",
        "offer",
        facts=("15% off", "until Sunday"),
        business="Our bike shop",
        times=("until Sunday",),
    ),
    Brief(
        "Buy two croissants, get the third one free at Café Lumière today 🥐",
        "offer",
        facts=("two croissants", "third one free", "at Café Lumière", "today"),
        times=("today",),
        places=("at Café Lumière",),
    ),
    Brief(
        "Students get 10% off every weekday at Müller's Bikes with a valid ID.",
        "offer",
        facts=("10% off", "every weekday", "at Müller's Bikes"),
        times=("every weekday",),
        places=("at Müller's Bikes",),
    ),
    Brief(
        "Our flower shop has £3 tulip bunches all week, grab them fast!",
        "offer",
        facts=("£3", "all week"),
        business="Our flower shop",
        times=("all week",),
    ),
    Brief(
        "Cheers! All wines are €5 a glass from 5pm to 7pm 🍷",
        "offer",
        facts=("€5 a glass", "from 5pm to 7pm"),
        times=("from 5pm to 7pm",),
    ),
    Brief(
        "buy one get one free on all cupcakes today and tomorrow",
        "offer",
        facts=("buy one get one free", "today and tomorrow"),
        times=("today and tomorrow",),
    ),
    Brief(
        "The Riverside Bakery is giving away free bread to anyone who brings back a full loyalty "
        "card this month.",
        "offer",
        facts=("Riverside Bakery", "free bread", "this month"),
        business="The Riverside Bakery",
        times=("this month",),
    ),
    Brief(
        "Flash sale: 30% off all yoga mats online until midnight",
        "offer",
        facts=("30% off", "until midnight"),
        times=("until midnight",),
    ),
    Brief(
        "Refer a friend and you both get £10 off your next cut at Zoë's Salon!",
        "offer",
        facts=("£10 off", "at Zoë's Salon"),
        places=("at Zoë's Salon",),
    ),
    Brief(
        "Our dental practice offers free check-ups for children under 12 throughout August.",
        "offer",
        facts=("free check-ups", "children under 12", "throughout August"),
        business="Our dental practice",
        times=("throughout August",),
    ),
    Brief(
        "Lunch deal: soup + sandwich for $9.50 at the Main Street deli, Mon–Fri 11am-2pm",
        "offer",
        facts=("$9.50", "at the Main Street deli", "Mon–Fri 11am-2pm"),
        times=("Mon–Fri 11am-2pm",),
        places=("at the Main Street deli",),
    ),
    Brief(
        "Kids eat free every Sunday at Ñandú Grill",
        "offer",
        facts=("Kids eat free", "every Sunday", "at Ñandú Grill"),
        times=("every Sunday",),
        places=("at Ñandú Grill",),
    ),
    Brief(
        "Early bird tickets for our beer festival are £12 until 1 July, book via "
        "hopyard.example/fest",
        "offer",
        facts=("£12", "until 1 July", "hopyard.example/fest"),
        times=("until 1 July",),
    ),
    Brief(
        "Get 25% off Spanish classes with code HOLA25",
        "offer",
        facts=("25% off", "Spanish", "HOLA25"),
    ),
    Brief(
        "Our gym is waiving the joining fee, normally $50, for anyone who signs up by Friday.",
        "offer",
        facts=("joining fee", "$50", "by Friday"),
        business="Our gym",
        times=("by Friday",),
    ),
    Brief(
        "Every old book you bring gets you £2 off at Page Turner Books this month.",
        "offer",
        facts=("£2 off", "at Page Turner Books", "this month"),
        times=("this month",),
        places=("at Page Turner Books",),
    ),
    Brief(
        "Our salon offers 50% off highlights on weekdays before noon.",
        "offer",
        facts=("50% off", "on weekdays before noon"),
        business="Our salon",
        times=("on weekdays before noon",),
    ),
    Brief(
        "Bright Smile Dental offers teeth whitening for £199 instead of £299 until 30 April.",
        "offer",
        facts=("Bright Smile Dental", "£199 instead of £299", "until 30 April"),
        business="Bright Smile Dental",
        times=("until 30 April",),
    ),
    Brief(
        "FREE delivery for orders over €30 this week",
        "offer",
        facts=("over €30", "this week"),
        times=("this week",),
    ),
    Brief(
        "We are pleased to offer all new members a complimentary personal training session "
        "during January. Sign up at the front desk or via irontemple.example/join before 31 "
        "January to claim yours. Terms apply.",
        "offer",
        facts=(
            "complimentary personal training session",
            "during January",
            "at the front desk",
            "irontemple.example/join",
            "before 31 January",
        ),
        times=("during January", "before 31 January"),
        places=("at the front desk",),
    ),
    Brief(
        "ok so we've got WAY too many pumpkins lol. every pumpkin is half price this weekend at "
        "our farm shop, and if you buy three you get a free bag of apples. don't miss it!!",
        "offer",
        facts=("half price", "this weekend", "at our farm shop", "free bag of apples"),
        times=("this weekend",),
        places=("at our farm shop",),
    ),
    Brief(
        "Is your bike making weird noises? 🚲 Spoke & Chain is doing full services for £45 "
        "instead of £60 all month. We check the brakes, gears and tyres and give it a proper "
        "clean. Book your slot through spokeandchain.example or call 0117 496 0321.",
        "offer",
        facts=(
            "Spoke & Chain",
            "£45 instead of £60",
            "all month",
            "spokeandchain.example",
            "0117 496 0321",
        ),
        times=("all month",),
    ),
    Brief(
        "Guess what? Café Lumière is saying thank you to our regulars! From Monday to Friday "
        "every hot drink is €2, and if you bring a friend you both get a free macaron. Show this "
        "post at the till to claim it.",
        "offer",
        facts=("Café Lumière", "From Monday to Friday", "€2", "free macaron", "at the till"),
        times=("From Monday to Friday",),
        places=("at the till",),
    ),
)

_PRODUCTS = (
    Brief("New menu!", "product"),
    Brief("Fresh croissants today", "product", facts=("today",), times=("today",)),
    Brief("Pumpkin spice lattes are back 🎃☕️", "product"),
    Brief("Sourdough back in stock", "product"),
    Brief(
        "Handmade pasta every Thursday",
        "product",
        facts=("every Thursday",),
        times=("every Thursday",),
    ),
    Brief(
        "Our bakery's new rye loaf is baked every morning with flour milled in Łódź.",
        "product",
        facts=("every morning", "in Łódź"),
        times=("every morning",),
        places=("in Łódź",),
    ),
    Brief(
        "Café Lumière has a new seasonal menu with 12 dishes, all under €15, see "
        "https://lumiere.example/menu",
        "product",
        facts=("Café Lumière", "12 dishes", "under €15", "https://lumiere.example/menu"),
        business="Café Lumière",
    ),
    Brief(
        "Riverside Bakery has a new lunch menu: https://riverside.example/menu",
        "product",
        facts=("Riverside Bakery", "https://riverside.example/menu"),
        business="Riverside Bakery",
    ),
    Brief(
        "The Hop Yard Brewery releases Midnight Stout, a 6.5% imperial stout, on Friday 🍺",
        "product",
        facts=("Hop Yard Brewery", "Midnight Stout", "6.5%", "on Friday"),
        business="The Hop Yard Brewery",
        times=("on Friday",),
    ),
    Brief(
        "new Brompton folding bikes in stock, come try one",
        "product",
        facts=("Brompton",),
    ),
    Brief(
        "Handmade ceramic mugs by local potter Agnieszka Wróbel, $28 each",
        "product",
        facts=("Agnieszka Wróbel", "$28 each"),
    ),
    Brief(
        "Our kitchen team has created a vegan tasting menu with seven courses for £45.",
        "product",
        facts=("seven courses", "£45"),
        business="Our kitchen team",
    ),
    Brief("Gluten-free brownies are back by popular demand!!", "product"),
    Brief(
        "Our shop stocks the full Faber-Castell range from this week.",
        "product",
        facts=("Faber-Castell", "from this week"),
        business="Our shop",
        times=("from this week",),
    ),
    Brief(
        "Björk's Bakery bakes kanelbullar every Friday morning, $4 each or 3 for $10",
        "product",
        facts=("Björk's Bakery", "every Friday morning", "$4 each", "3 for $10"),
        business="Björk's Bakery",
        times=("every Friday morning",),
    ),
    Brief(
        "NEW: the Müller e-cargo bike, test rides available all weekend at our workshop",
        "product",
        facts=("Müller e-cargo bike", "all weekend", "at our workshop"),
        times=("all weekend",),
        places=("at our workshop",),
    ),
    Brief(
        "Zoë's Salon stocks Nordic Roots, an organic hair care line made in Oslo.",
        "product",
        facts=("Zoë's Salon", "Nordic Roots", "in Oslo"),
        business="Zoë's Salon",
        places=("in Oslo",),
    ),
    Brief(
        "Try our new oat milk flat white ☕️ $4.50 all this week",
        "product",
        facts=("$4.50", "all this week"),
        times=("all this week",),
    ),
    Brief(
        "Hop Yard Brewery's new house lager, Sunny Side, hits the taps today",
        "product",
        facts=("Hop Yard Brewery", "Sunny Side", "today"),
        times=("today",),
    ),
    Brief(
        "We've added 5 new smoothies to the menu, each one under $7!",
        "product",
        facts=("5 new smoothies", "under $7"),
    ),
    Brief(
        "Our bookshop has signed copies of Olga Tokarczuk's new novel, £22 each.",
        "product",
        facts=("Olga Tokarczuk", "£22 each"),
        business="Our bookshop",
    ),
    Brief(
        "The bakery sells Zoë's famous lemon drizzle cake every Saturday.",
        "product",
        facts=("Zoë", "every Saturday"),
        business="The bakery",
        times=("every Saturday",),
    ),
    Brief(
        "Our brewery has a new alcohol-free IPA called Clear Head, 0.5% ABV.",
        "product",
        facts=("Clear Head", "0.5% ABV"),
        business="Our brewery",
    ),
    Brief(
        "Introducing the Zoë Special! Our head baker Zoë has been perfecting this pistachio and "
        "rose croissant, and it launches on Saturday. Only 40 croissants will be baked each "
        "day, so be quick. €3.80 each.",
        "product",
        facts=(
            "Zoë Special",
            "head baker Zoë",
            "on Saturday",
            "40 croissants",
            "each day",
            "€3.80",
        ),
        times=("on Saturday", "each day"),
    ),
    Brief(
        "Green Fern Florist has three new bouquet sizes, from $25 to $65. Every bouquet comes "
        "with free local delivery. Order through greenfern.example or call 0117 496 0012.",
        "product",
        facts=(
            "Green Fern Florist",
            "three new bouquet sizes",
            "from $25 to $65",
            "free local delivery",
            "greenfern.example",
            "0117 496 0012",
        ),
        business="Green Fern Florist",
    ),
    Brief(
        "Meet the Łódź Loaf! 🍞 It's a dark rye with caraway and honey, based on a recipe from "
        "Zofia's grandmother. Björk's Bakery bakes 30 loaves a day, available from 8am, £4.20 "
        "each.",
        "product",
        facts=(
            "Łódź Loaf",
            "Zofia",
            "Björk's Bakery",
            "30 loaves a day",
            "from 8am",
            "£4.20 each",
        ),
        times=("from 8am",),
    ),
    Brief(
        "We've restocked every Ortlieb pannier and handlebar bag. The smallest pair costs $95 "
        "and the biggest touring set is $160. Ask Priya to help you fit them, she rides with "
        "them every day.",
        "product",
        facts=("Ortlieb", "$95", "$160", "Priya", "every day"),
        times=("every day",),
    ),
    Brief(
        "Two local favourites, one beer! Hop Yard Brewery and Björk's Bakery made Crust Punk, a "
        "pale ale brewed with leftover sourdough, so nothing goes to waste. Cans are $6 at both "
        "shops from Thursday 🍺",
        "product",
        facts=(
            "Hop Yard Brewery",
            "Björk's Bakery",
            "Crust Punk",
            "$6",
            "at both shops",
            "from Thursday",
        ),
        times=("from Thursday",),
        places=("at both shops",),
    ),
)

_HIRING = (
    Brief("Help wanted!", "hiring"),
    Brief("Dog groomer wanted", "hiring"),
    Brief("We're hiring two baristas!", "hiring", facts=("two baristas",)),
    Brief("Brewery assistant wanted, must love beer 🍻", "hiring"),
    Brief(
        "Our kitchen team is looking for a full-time sous chef, apply by 30 June via "
        "riverside.example/jobs",
        "hiring",
        facts=("full-time sous chef", "by 30 June", "riverside.example/jobs"),
        business="Our kitchen team",
        times=("by 30 June",),
    ),
    Brief(
        "Café Lumière is hiring a part-time barista, pay is €13.50 an hour.",
        "hiring",
        facts=("Café Lumière", "part-time barista", "€13.50 an hour"),
        business="Café Lumière",
    ),
    Brief(
        "Müller's Bikes needs an experienced bike mechanic, contact Jonas Müller, 0161 496 0733",
        "hiring",
        facts=("Müller's Bikes", "experienced bike mechanic", "Jonas Müller", "0161 496 0733"),
        business="Müller's Bikes",
    ),
    Brief(
        "we need an extra pair of hands on saturdays 9-1, pm us if interested",
        "hiring",
        facts=("on saturdays 9-1",),
        times=("on saturdays 9-1",),
    ),
    Brief(
        "The Riverside Bakery is hiring! We need two bakers and a delivery driver, apply in "
        "person at 5 Quay Street or email hello@riverside.example",
        "hiring",
        facts=(
            "Riverside Bakery",
            "two bakers",
            "delivery driver",
            "at 5 Quay Street",
            "hello@riverside.example",
        ),
        business="The Riverside Bakery",
        places=("at 5 Quay Street",),
    ),
    Brief(
        "Our yoga studio is looking for two certified instructors for our new prenatal classes.",
        "hiring",
        facts=("two certified instructors",),
        business="Our yoga studio",
    ),
    Brief(
        "Ñandú Grill is hiring three waiters and a head chef, interviews on Tuesday 9 July.",
        "hiring",
        facts=("Ñandú Grill", "three waiters", "head chef", "on Tuesday 9 July"),
        business="Ñandú Grill",
        times=("on Tuesday 9 July",),
    ),
    Brief(
        "Wanna work with books? Page Turner Books needs a part-time bookseller who loves crime "
        "fiction.",
        "hiring",
        facts=("Page Turner Books", "part-time bookseller"),
    ),
    Brief(
        "Iron Temple Gym is hiring a front desk receptionist, no experience needed 💪",
        "hiring",
        facts=("Iron Temple Gym", "front desk receptionist"),
        business="Iron Temple Gym",
    ),
    Brief(
        "We are recruiting Polish and German teachers from September.",
        "hiring",
        facts=("Polish and German teachers", "from September"),
        times=("from September",),
    ),
    Brief(
        "Lingua Language School seeks a native Japanese teacher with at least 2 years of "
        "experience.",
        "hiring",
        facts=(
            "Lingua Language School",
            "native Japanese teacher",
            "at least 2 years of experience",
        ),
        business="Lingua Language School",
    ),
    Brief(
        "Bloom & Co needs a delivery driver from 1 October, clean licence essential",
        "hiring",
        facts=("Bloom & Co", "delivery driver", "from 1 October"),
        business="Bloom & Co",
        times=("from 1 October",),
    ),
    Brief(
        "Our bike shop is hiring a seasonal mechanic from April to September. #bikelife",
        "hiring",
        facts=("seasonal mechanic", "from April to September"),
        business="Our bike shop",
        times=("from April to September",),
    ),
    Brief(
        "Green Fern Florist is looking for a florist with wedding experience, email "
        "jobs@greenfern.example",
        "hiring",
        facts=("Green Fern Florist", "jobs@greenfern.example"),
        business="Green Fern Florist",
    ),
    Brief(
        "We are looking for a qualified dental nurse to join Bright Smile Dental. The position "
        "is full-time, Monday to Friday, with a starting salary of £26,000. Please send your CV "
        "to jobs@brightsmile.example by 15 August.",
        "hiring",
        facts=(
            "qualified dental nurse",
            "Bright Smile Dental",
            "Monday to Friday",
            "£26,000",
            "jobs@brightsmile.example",
            "by 15 August",
        ),
        times=("Monday to Friday", "by 15 August"),
    ),
    Brief(
        "Hey y'all, our salon is growing and we need another stylist!! You'll get your own "
        "chair, flexible hours and 40% commission. DM Zoë on Instagram or call 07700 900 461.",
        "hiring",
        facts=("another stylist", "40% commission", "Zoë", "07700 900 461"),
    ),
    Brief(
        "Ñandú Grill is growing! We need two line cooks and a dishwasher from mid-July. The pay "
        "is £12.60 an hour plus tips. Come and see Ignacio between 2pm and 5pm on any weekday.",
        "hiring",
        facts=(
            "Ñandú Grill",
            "two line cooks",
            "from mid-July",
            "£12.60 an hour",
            "Ignacio",
            "between 2pm and 5pm on any weekday",
        ),
        business="Ñandú Grill",
        times=("from mid-July", "between 2pm and 5pm on any weekday"),
    ),
    Brief(
        "Do you love coffee and people? ☕️ We're looking for a barista with latte art skills to "
        "join the Café Lumière crew. No CV needed, just come and chat with Élodie on Wednesday "
        "between 2pm and 4pm. Pay is €14 an hour!",
        "hiring",
        facts=("Café Lumière", "Élodie", "on Wednesday between 2pm and 4pm", "€14 an hour"),
        times=("on Wednesday between 2pm and 4pm",),
    ),
    Brief(
        "We are seeking an enthusiastic part-time receptionist for Hillside Physio. The role "
        "covers Tuesday, Thursday and Saturday mornings. Experience with booking software is an "
        "advantage. To apply, email careers@hillsidephysio.example with your CV by Friday 12 "
        "July.",
        "hiring",
        facts=(
            "part-time receptionist",
            "Hillside Physio",
            "Tuesday, Thursday and Saturday mornings",
            "careers@hillsidephysio.example",
            "by Friday 12 July",
        ),
        times=("Tuesday, Thursday and Saturday mornings", "by Friday 12 July"),
    ),
)

_CLOSURES = (
    Brief("Closed Monday", "closure", facts=("Monday",), times=("Monday",)),
    Brief("Closed today, sorry!", "closure", facts=("today",), times=("today",)),
    Brief(
        "Closed Easter weekend",
        "closure",
        facts=("Easter weekend",),
        times=("Easter weekend",),
    ),
    Brief("No classes this week, sorry!!", "closure", facts=("this week",), times=("this week",)),
    Brief(
        "Our café is closed from 1 to 14 August for renovations.",
        "closure",
        facts=("from 1 to 14 August",),
        business="Our café",
        times=("from 1 to 14 August",),
    ),
    Brief(
        "The Riverside Bakery will be closed on Christmas Day and Boxing Day.",
        "closure",
        facts=("Riverside Bakery", "on Christmas Day and Boxing Day"),
        business="The Riverside Bakery",
        times=("on Christmas Day and Boxing Day",),
    ),
    Brief(
        "We close at 3pm today because of the storm ⛈️",
        "closure",
        facts=("at 3pm today",),
        times=("at 3pm today",),
    ),
    Brief(
        "closed for a private event tonight, back tomorrow 🙏",
        "closure",
        facts=("tonight", "tomorrow"),
        times=("tonight", "tomorrow"),
    ),
    Brief(
        "Bright Smile Dental is closed on the 3rd for staff training.",
        "closure",
        facts=("Bright Smile Dental", "on the 3rd"),
        business="Bright Smile Dental",
        times=("on the 3rd",),
    ),
    Brief(
        "The kitchen closes at 9pm on Sundays.",
        "closure",
        facts=("at 9pm on Sundays",),
        business="The kitchen",
        times=("at 9pm on Sundays",),
    ),
    Brief(
        "Our Elm Street branch closes on 31 March, but the Market Square shop stays open.",
        "closure",
        facts=("Elm Street", "on 31 March", "Market Square"),
        business="Our Elm Street branch",
        times=("on 31 March",),
    ),
    Brief(
        "The gym pool is closed until Thursday for maintenance.",
        "closure",
        facts=("until Thursday",),
        business="The gym pool",
        times=("until Thursday",),
    ),
    Brief(
        "the shop is shut tomorrow, family wedding 💍",
        "closure",
        facts=("tomorrow",),
        business="the shop",
        times=("tomorrow",),
    ),
    Brief(
        "Our studio will be closed over the bank holiday weekend, classes resume Tuesday.",
        "closure",
        facts=("over the bank holiday weekend", "Tuesday"),
        business="Our studio",
        times=("over the bank holiday weekend", "Tuesday"),
    ),
    Brief(
        "Due to a burst pipe, Page Turner Books is closed until further notice.",
        "closure",
        facts=("Page Turner Books", "until further notice"),
        times=("until further notice",),
    ),
    Brief(
        "The café is closed on 25 and 26 December, Merry Christmas! 🎄",
        "closure",
        facts=("on 25 and 26 December",),
        business="The café",
        times=("on 25 and 26 December",),
    ),
    Brief(
        "Our Market Square shop is closed this Tuesday for stocktaking.",
        "closure",
        facts=("Market Square", "this Tuesday"),
        business="Our Market Square shop",
        times=("this Tuesday",),
    ),
    Brief(
        "Hop Yard taproom closed tonight for a private party",
        "closure",
        facts=("Hop Yard", "tonight"),
        business="Hop Yard taproom",
        times=("tonight",),
    ),
    Brief(
        "Müller's Bikes is closing its doors after 32 years. Our last day of trading will be "
        "Saturday 30 November. Thank you to every customer who trusted us with their bikes. "
        "Everything in stock is 40% off until then.",
        "closure",
        facts=(
            "Müller's Bikes",
            "after 32 years",
            "Saturday 30 November",
            "40% off",
            "until then",
        ),
        business="Müller's Bikes",
        times=("after 32 years", "Saturday 30 November", "until then"),
    ),
    Brief(
        "Please note that Café Lumière will be closed from Monday 5 August to Sunday 18 August "
        "for our annual holiday. We will reopen on Monday 19 August at 8am. We apologise for "
        "any inconvenience.",
        "closure",
        facts=(
            "Café Lumière",
            "from Monday 5 August to Sunday 18 August",
            "on Monday 19 August at 8am",
        ),
        times=("from Monday 5 August to Sunday 18 August", "on Monday 19 August at 8am"),
    ),
    Brief(
        "Sad news, everyone. Ñandú Grill will serve its last meal on 30 June. Thank you for the "
        "empanadas, the music and the friendship. Come and say goodbye from 6pm that night.",
        "closure",
        facts=("Ñandú Grill", "on 30 June", "from 6pm that night"),
        times=("on 30 June", "from 6pm that night"),
    ),
    Brief(
        "Our Bridge Street shop will be closed all next week for new floors. You can still find "
        "us at the farmers' market on Saturday from 8am to 1pm, and online orders will ship as "
        "normal. Thanks for your patience!",
        "closure",
        facts=(
            "Bridge Street",
            "all next week",
            "at the farmers' market",
            "on Saturday from 8am to 1pm",
        ),
        business="Our Bridge Street shop",
        times=("all next week", "on Saturday from 8am to 1pm"),
        places=("at the farmers' market",),
    ),
    Brief(
        "Hi all, the brewery taproom is closed this weekend for a private wedding 💒 We'll be "
        "back to normal hours on Friday 6 September from 4pm. Sorry for any inconvenience, and "
        "congratulations to Emma and Jack!",
        "closure",
        facts=("this weekend", "on Friday 6 September from 4pm", "Emma and Jack"),
        times=("this weekend", "on Friday 6 September from 4pm"),
    ),
)

_APOLOGIES = (
    Brief("Sorry, no bread today", "apology", facts=("today",), times=("today",)),
    Brief("Booked out tonight, sorry", "apology", facts=("tonight",), times=("tonight",)),
    Brief("Sold out, sorry 😭", "apology"),
    Brief(
        "We're so sorry about the long wait on Saturday, we were two staff down.",
        "apology",
        facts=("on Saturday", "two staff"),
        times=("on Saturday",),
    ),
    Brief(
        "Sorry, our booking page was down yesterday! It's fixed, you can book through "
        "lumiere.example/book",
        "apology",
        facts=("yesterday", "lumiere.example/book"),
        times=("yesterday",),
    ),
    Brief(
        "Apologies to anyone who came by this morning and found the doors locked, our baker was "
        "ill.",
        "apology",
        facts=("this morning",),
        times=("this morning",),
    ),
    Brief(
        "The Riverside Bakery owes you an apology: the sourdough was sold out by 9am all week.",
        "apology",
        facts=("Riverside Bakery", "by 9am all week"),
        business="The Riverside Bakery",
        times=("by 9am all week",),
    ),
    Brief(
        "my bad, the brunch special was £12 not £10, sorry for the mix-up",
        "apology",
        facts=("£12", "£10"),
    ),
    Brief(
        "Huge apologies, the heating failed yesterday evening and we had to cancel two classes.",
        "apology",
        facts=("yesterday evening", "two classes"),
        times=("yesterday evening",),
    ),
    Brief(
        "Sorry for all the noise last night, the bottling machine broke 🙏",
        "apology",
        facts=("last night",),
        times=("last night",),
    ),
    Brief(
        "We messed up! The promo code BAKE20 didn't work yesterday. It's fixed and valid until "
        "Sunday.",
        "apology",
        facts=("BAKE20", "yesterday", "until Sunday"),
        times=("yesterday", "until Sunday"),
    ),
    Brief(
        "Our apologies to the guests who had to wait for a table on Saturday night.",
        "apology",
        facts=("on Saturday night",),
        times=("on Saturday night",),
    ),
    Brief(
        "Zoë's Salon apologises for the double bookings this week and is giving 15% off to "
        "everyone affected.",
        "apology",
        facts=("Zoë's Salon", "this week", "15% off"),
        business="Zoë's Salon",
        times=("this week",),
    ),
    Brief(
        "Sorry for the confusion, the market stall is at the station car park this Saturday, "
        "NOT the town square.",
        "apology",
        facts=("at the station car park", "this Saturday"),
        times=("this Saturday",),
        places=("at the station car park",),
    ),
    Brief(
        "Sorry to everyone who tried to call us this morning, the line was down!",
        "apology",
        facts=("this morning",),
        times=("this morning",),
    ),
    Brief(
        "Sorry for the typo, the wine tasting is on May 12th and tickets are still $20.",
        "apology",
        facts=("on May 12th", "$20"),
        times=("on May 12th",),
    ),
    Brief(
        "We would like to apologise to everyone who ordered a cake for collection on 14 "
        "February. A fault with our oven meant that 23 orders were not ready. Every affected "
        "customer will receive a full refund and a £10 voucher.",
        "apology",
        facts=("on 14 February", "23 orders", "full refund", "£10 voucher"),
        times=("on 14 February",),
    ),
    Brief(
        "Green Fern Florist apologises to the 12 customers whose bouquets went missing on "
        "Friday. Our delivery van broke down and we could not warn you. "
        "Every order will be refunded in full and redelivered on Monday.",
        "apology",
        facts=("Green Fern Florist", "12 customers", "on Friday", "refunded in full", "on Monday"),
        business="Green Fern Florist",
        times=("on Friday", "on Monday"),
    ),
    Brief(
        "ok we owe you guys an apology 😅 the new espresso machine kept breaking down all "
        "weekend and the coffee was honestly not great. it's fixed, and to say sorry every "
        "coffee is half price on Monday. come give us another chance!!",
        "apology",
        facts=("all weekend", "half price", "on Monday"),
        times=("all weekend", "on Monday"),
    ),
    Brief(
        "An apology from the whole Café Lumière team. On Sunday our card machine stopped "
        "working and many of you had to leave without your coffee. We have installed a backup "
        "machine, and your next drink is free. Just mention this post.",
        "apology",
        facts=("Café Lumière", "On Sunday", "next drink is free"),
        times=("On Sunday",),
    ),
    Brief(
        "We're sorry!! the vegan croissants sold out by 8:30 every day this week and loads of "
        "you left disappointed. from Monday we're baking twice as many, so there should be "
        "plenty for everyone 🥐",
        "apology",
        facts=("by 8:30 every day this week", "from Monday", "twice as many"),
        times=("by 8:30 every day this week", "from Monday"),
    ),
    Brief(
        "Dear patients, we apologise for the disruption to appointments this week. Our phone "
        "system failed on Tuesday and some of you could not get through. The line works "
        "normally, and you can also book through brightsmile.example/book.",
        "apology",
        facts=("this week", "on Tuesday", "brightsmile.example/book"),
        times=("this week", "on Tuesday"),
    ),
)

_MILESTONES = (
    Brief("10 years of Café Lumière! 🎉", "milestone", facts=("10 years", "Café Lumière")),
    Brief("Happy 5th birthday to us!", "milestone", facts=("5th birthday",)),
    Brief("1,000 followers!! thank you so much 💛", "milestone", facts=("1,000 followers",)),
    Brief(
        "Our bakery is 3 years old today!",
        "milestone",
        facts=("3 years old", "today"),
        business="Our bakery",
        times=("today",),
    ),
    Brief(
        "Björk's Bakery celebrates its 10th birthday this month 🎂",
        "milestone",
        facts=("Björk's Bakery", "10th birthday", "this month"),
        business="Björk's Bakery",
        times=("this month",),
    ),
    Brief(
        "We sold our 1000th bike today!!",
        "milestone",
        facts=("1000th bike", "today"),
        times=("today",),
    ),
    Brief(
        "Our yoga studio has reached 500 members, thank you all 🙏 #yoga",
        "milestone",
        facts=("500 members",),
        business="Our yoga studio",
    ),
    Brief(
        "Hop Yard Brewery brewed its 100th batch of beer this week, a special IPA called "
        "Centennial.",
        "milestone",
        facts=("Hop Yard Brewery", "100th batch", "this week", "Centennial"),
        business="Hop Yard Brewery",
        times=("this week",),
    ),
    Brief(
        "The shop turns 25 years old on Saturday, and we're throwing a party in the garden from "
        "2pm!",
        "milestone",
        facts=("25 years old", "on Saturday", "in the garden", "from 2pm"),
        business="The shop",
        times=("on Saturday", "from 2pm"),
        places=("in the garden",),
    ),
    Brief(
        "Lingua Language School has taught over 3,000 students since 2012.",
        "milestone",
        facts=("Lingua Language School", "over 3,000 students", "since 2012"),
        business="Lingua Language School",
        times=("since 2012",),
    ),
    Brief(
        "Our café served its 50,000th flat white this morning ☕️",
        "milestone",
        facts=("50,000th flat white", "this morning"),
        business="Our café",
        times=("this morning",),
    ),
    Brief(
        "Congratulations to our head stylist Zoë Lambert on her 20th work anniversary!",
        "milestone",
        facts=("Zoë Lambert", "20th work anniversary"),
    ),
    Brief(
        "The Riverside Bakery has raised £4,350 for the children's hospital this year.",
        "milestone",
        facts=("Riverside Bakery", "£4,350", "this year"),
        business="The Riverside Bakery",
        times=("this year",),
    ),
    Brief(
        "Iron Temple Gym has 2,000 members as of today 💪",
        "milestone",
        facts=("Iron Temple Gym", "2,000 members", "as of today"),
        business="Iron Temple Gym",
        times=("as of today",),
    ),
    Brief(
        "Spoke & Chain repaired its 5,000th puncture on Tuesday 🛞",
        "milestone",
        facts=("Spoke & Chain", "5,000th puncture", "on Tuesday"),
        business="Spoke & Chain",
        times=("on Tuesday",),
    ),
    Brief(
        "We are proud to announce that Bright Smile Dental has been named Practice of the Year "
        "by the Northern Dental Association. This award belongs to our team of 14 and to the "
        "patients who have trusted us since 2009.",
        "milestone",
        facts=(
            "Bright Smile Dental",
            "Practice of the Year",
            "Northern Dental Association",
            "team of 14",
            "since 2009",
        ),
        times=("since 2009",),
    ),
    Brief(
        "guess what?? Müller's Bikes turns 20 years old this week!!! we started in a tiny garage "
        "in Wrocław and we've grown to two shops and 11 staff. thank you to every single one of "
        "you 🚲🎉",
        "milestone",
        facts=(
            "Müller's Bikes",
            "20 years old",
            "this week",
            "in a tiny garage in Wrocław",
            "two shops",
            "11 staff",
        ),
        times=("this week",),
        places=("in a tiny garage in Wrocław",),
    ),
    Brief(
        "Ten years ago, Ana and Tomás opened a tiny café on Calle Mayor with a second-hand "
        "espresso machine. Today the café employs 18 people and roasts its own beans. "
        "Thank you, São Paulo, for every cup.",
        "milestone",
        facts=(
            "Ten years ago",
            "Ana and Tomás",
            "on Calle Mayor",
            "Today",
            "18 people",
            "São Paulo",
        ),
        times=("Ten years ago", "Today"),
        places=("on Calle Mayor",),
    ),
    Brief(
        "Twenty years ago this week, Margit Müller opened a tiny flower stall outside Leeds "
        "station. That stall became Green Fern Florist, and we are celebrating with cake on "
        "Saturday. Thank you for every bunch you've bought from us.",
        "milestone",
        facts=(
            "Twenty years ago this week",
            "Margit Müller",
            "outside Leeds station",
            "Green Fern Florist",
            "on Saturday",
        ),
        times=("Twenty years ago this week", "on Saturday"),
        places=("outside Leeds station",),
    ),
    Brief(
        "We did it!! Thanks to you, our community fridge has handed out 10,000 meals since March "
        "2022. Massive thanks to the volunteers who stock it and clean it, especially Tom and "
        "Ayesha 💚",
        "milestone",
        facts=("10,000 meals", "since March 2022", "Tom and Ayesha"),
        times=("since March 2022",),
    ),
    Brief(
        "In 1974, Hans Becker opened a small butcher's shop on Kirchgasse. Fifty years later, "
        "Becker & Sons is run by his granddaughter Lena, and we still make every sausage "
        "ourselves. Thank you to every one of our customers.",
        "milestone",
        facts=(
            "In 1974",
            "Hans Becker",
            "on Kirchgasse",
            "Fifty years later",
            "Becker & Sons",
            "Lena",
        ),
        times=("In 1974", "Fifty years later"),
        places=("on Kirchgasse",),
    ),
)

_NEWS = (
    Brief("Pet-friendly from today 🐶", "news", facts=("from today",), times=("from today",)),
    Brief(
        "We're going card-only from 1 March",
        "news",
        facts=("from 1 March",),
        times=("from 1 March",),
    ),
    Brief(
        "From this week Müller's Bikes also opens on Sundays",
        "news",
        facts=("From this week", "Müller's Bikes", "on Sundays"),
        times=("From this week", "on Sundays"),
    ),
    Brief(
        "Our bakery has switched to 100% compostable packaging.",
        "news",
        facts=("100% compostable packaging",),
        business="Our bakery",
    ),
    Brief(
        "New opening hours from Monday: 8am-6pm Monday to Saturday",
        "news",
        facts=("from Monday", "8am-6pm Monday to Saturday"),
        times=("from Monday", "8am-6pm Monday to Saturday"),
    ),
    Brief(
        "Café Lumière made The Guardian's top 10 cafés list 😍",
        "news",
        facts=("Café Lumière", "The Guardian", "top 10 cafés"),
        business="Café Lumière",
    ),
    Brief(
        "We've moved! Find us at 8 Harbour Road from Monday.",
        "news",
        facts=("at 8 Harbour Road", "from Monday"),
        times=("from Monday",),
        places=("at 8 Harbour Road",),
    ),
    Brief(
        "Dr Aoife Byrne rejoins the Bright Smile Dental team on 2 September.",
        "news",
        facts=("Dr Aoife Byrne", "Bright Smile Dental", "on 2 September"),
        times=("on 2 September",),
    ),
    Brief(
        "You can park for free behind the shop after 6pm 🚗",
        "news",
        facts=("for free", "behind the shop", "after 6pm"),
        times=("after 6pm",),
        places=("behind the shop",),
    ),
    Brief(
        "The studio has a new timetable: yogabay.example/timetable",
        "news",
        facts=("yogabay.example/timetable",),
        business="The studio",
    ),
    Brief(
        "Congrats to Marco Rossi, our head chef, who was named Chef of the Year last night!",
        "news",
        facts=("Marco Rossi", "Chef of the Year", "last night"),
        times=("last night",),
    ),
    Brief(
        "we take card payments from today",
        "news",
        facts=("from today",),
        times=("from today",),
    ),
    Brief(
        "Is your bike ready for the road? Book a service via example.com/book or call 555-0142.",
        "news",
        facts=("example.com/book", "555-0142"),
    ),
    Brief(
        "Page Turner Books has added a second-hand section with over 2,000 titles.",
        "news",
        facts=("Page Turner Books", "over 2,000 titles"),
        business="Page Turner Books",
    ),
    Brief(
        "Our language school is partnering with the Goethe-Institut to offer official German "
        "exams from October.",
        "news",
        facts=("Goethe-Institut", "German exams", "from October"),
        business="Our language school",
        times=("from October",),
    ),
    Brief(
        "Good news, the water is back on and we're open as usual from 11am",
        "news",
        facts=("from 11am",),
        times=("from 11am",),
    ),
    Brief(
        "Spoke & Chain wins the Bristol Small Business Award 🏆 #supportlocal",
        "news",
        facts=("Spoke & Chain", "Bristol Small Business Award"),
        business="Spoke & Chain",
    ),
    Brief(
        "Our yoga studio has a new website: yogabay.example",
        "news",
        facts=("yogabay.example",),
        business="Our yoga studio",
    ),
    Brief(
        "Dear customers, as of 1 January our prices will rise by 5% due to increased energy "
        "costs. A standard cut and blow-dry will cost £48. We remain committed to offering the "
        "best service we can, and thank you for your continued support.",
        "news",
        facts=("as of 1 January", "5%", "£48"),
        times=("as of 1 January",),
    ),
    Brief(
        "Big news from Hop Yard! We have installed 60 solar panels on the roof, and from June "
        "every beer we brew will be made with solar power. Free brewery tours run this Saturday "
        "at 2pm if you want to see them.",
        "news",
        facts=(
            "Hop Yard",
            "60 solar panels",
            "on the roof",
            "from June",
            "Free brewery tours",
            "this Saturday at 2pm",
        ),
        times=("from June", "this Saturday at 2pm"),
        places=("on the roof",),
    ),
    Brief(
        "From Monday 3 June, Hillside Physio will stay open until 8pm on Tuesdays and Thursdays. "
        "This makes it easier to fit a session around your job. Call 01632 960 777 or book "
        "through hillsidephysio.example.",
        "news",
        facts=(
            "From Monday 3 June",
            "Hillside Physio",
            "until 8pm on Tuesdays and Thursdays",
            "01632 960 777",
            "hillsidephysio.example",
        ),
        times=("From Monday 3 June", "until 8pm on Tuesdays and Thursdays"),
    ),
    Brief(
        "Lingua Language School is delighted to share that our Polish course has been "
        "accredited by the Jagiellonian University. The first accredited course begins on 16 "
        "September and costs €390 for 24 lessons. Places are limited to 10 students per group.",
        "news",
        facts=(
            "Lingua Language School",
            "Jagiellonian University",
            "on 16 September",
            "€390",
            "24 lessons",
            "10 students per group",
        ),
        business="Lingua Language School",
        times=("on 16 September",),
    ),
    Brief(
        "ok big update for everyone who keeps asking 😅 the council says the roadworks finish on "
        "Friday so from Saturday you can park outside the shop and honestly we are so relieved "
        "because it has been a really quiet month for us and for all our neighbours so come and "
        "see us and grab a free coffee this weekend ☕️",
        "news",
        facts=("on Friday", "from Saturday", "outside the shop", "free coffee", "this weekend"),
        times=("on Friday", "from Saturday", "this weekend"),
        places=("outside the shop",),
    ),
)

BRIEFS: tuple[Brief, ...] = (
    *_OPENINGS,
    *_EVENTS,
    *_OFFERS,
    *_PRODUCTS,
    *_HIRING,
    *_CLOSURES,
    *_APOLOGIES,
    *_MILESTONES,
    *_NEWS,
)
