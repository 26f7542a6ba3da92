"""English words the PHI guard reads: spoken digits, dates in words, cue words.

Kept apart from the detectors so another language can be added as a sibling module with
the same names (the detectors take their word lists from here, not from literals).
"""

DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0", "one": "1", "two": "2",
    "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
TEEN_WORDS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}
TENS_WORDS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7",
    "eighty": "8", "ninety": "9",
}
REPEAT_WORDS = {"double": 2, "triple": 3}

ORDINAL_DAYS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth"
).split()

MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Days a birthday can be told by instead of a date ("born on Christmas Day 1958").
HOLIDAYS = (
    r"(?:Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day|New\s+Year'?s?(?:\s+(?:Day|Eve))?|"
    r"Valentine'?s\s+Day|Hallowe'?en|Bonfire\s+Night|Guy\s+Fawkes(?:\s+Night)?|"
    r"Independence\s+Day|(?:the\s+)?(?:4th|fourth)\s+of\s+July|St\.?\s+Patrick'?s\s+Day|"
    r"Saint\s+Patrick'?s\s+Day|Easter(?:\s+(?:Sunday|Monday|Day))?|Thanksgiving(?:\s+Day)?|"
    r"Leap\s+Day|Mother'?s\s+Day|Father'?s\s+Day|Remembrance\s+Day|Burns\s+Night)"
)

RELATIVES = (
    "son daughter husband hubby wife wifey mother mum mom mam mummy mommy father dad daddy "
    "partner brother sister bro sis boyfriend girlfriend fiance fiancé fiancee fiancée "
    "grandson granddaughter grandmother grandfather gran granny grandma grandad granddad "
    "grandpa nan nana nanna aunt auntie aunty uncle niece nephew cousin child baby kid "
    "stepson stepdaughter stepmother stepmum stepmom stepfather stepdad twin friend mate "
    "bestie carer caregiver flatmate roommate neighbour neighbor colleague boss teacher "
    "father-in-law mother-in-law son-in-law daughter-in-law brother-in-law sister-in-law "
    "ex godson goddaughter godmother godfather toddler teenager"
).split()

# Words that, just before a contact detail, show it belongs to an organisation (a switchboard,
# a ward, a helpline) rather than to a person.
ORGANISATION_CUES = (
    "switchboard ward wards helpline hotline hot-line line lines toll-free tollfree freephone "
    "free-phone department dept reception desk clinic hospital infirmary trust surgery pharmacy "
    "practice centre center unit team office service services pals samaritans nhs 111 "
    "charity foundation society association lifeline crisis support main outpatients "
    "inpatients a&e emergency appointments bookings enquiries inquiries secretary secretaries "
    "admissions maternity"
).split()

# Tokens in an email's local part that make it a role address (pals@, cardiology.admin@).
ROLE_MAILBOX_WORDS = (
    "admin info information enquiries enquiry inquiries contact contactus hello help helpdesk "
    "support pals office reception appointments appointment bookings booking referrals "
    "referral secretary secretaries team dept department ward clinic clinics service services "
    "noreply no-reply donotreply press media feedback complaints patient patients nurses "
    "cardiology oncology radiology haematology hematology dermatology neurology urology "
    "gastro gastroenterology orthopaedics orthopedics paediatrics pediatrics maternity "
    "physio physiotherapy pharmacy outpatients diabetes respiratory renal mentalhealth "
    "safeguarding governance general mailbox"
).split()

# Capitalised words that follow a cue ("I'm", "called") or start a sign-off but are not names.
NOT_NAME = frozenset(
    """
    type very so really not just still new on off in at the a an and but or my your our his her
    their this that these those here there now today currently always never also too quite
    diabetic diabetes pregnant scared worried terrified anxious tired sick ill feeling feel
    struggling waiting going trying looking hoping living dealing having getting being doing
    british english scottish welsh irish american canadian australian indian pakistani african
    european asian chinese jewish muslim catholic christian hindu sikh vegan vegetarian
    dr doctor mr mrs ms miss mx prof professor nurse sister sir dame lord lady rev st saint
    nhs gp mind macmillan boots pharmacy hospital clinic surgery centre center health medical
    trust practice direct line group foundation support service services team unit ward
    living well with about from for of to by when what who where why how yes no ok okay
    back again better worse fine good great home here patient advice liaison care helpline
    mum mom dad nan gran grandma grandad god jesus lord thanks thank love best regards cheers
    wishes warmest kind many all everyone everybody hi hello hey dear sorry please
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december
    type1 type2 stage grade level
    """.split()
)
# Second words that turn "Capitalised Capitalised" into a place, a service or an illness.
NAME_SECOND_BAD = frozenset(
    """
    hospital clinic surgery centre center pharmacy health medical trust practice direct line
    group foundation support service services team unit street road avenue lane drive
    close way place court house cottage farm park hill university college school syndrome
    disease disorder cancer diabetes type stiff waiting advice liaison care helpline day
    infirmary trust nhs council church chapel station airport road estate gardens square
    """.split()
)
# Common English words that are also first names or surnames: never taken as a name
# without a cue word ("Will", "May", "Grace", "Young", "Long").
COMMON_WORD_NAMES = frozenset(
    """
    will may june april august summer autumn winter dawn faith hope joy grace rose ruby pearl
    amber crystal daisy holly ivy iris lily violet heather hazel olive sky star
    mark bill pat sue art ray rich major bob chip chuck buck rusty sandy mercy patience
    bunny honey precious golden king queen prince duke earl baron young long short white
    black brown green gray grey little small large strong hardy wise good best worst bright
    rich price cash money bank banks bush wood woods field fields stone hill hills lake
    river brook brooks ford marsh moss rock page hall halls house law love lovely hunt
    hunter fisher baker cook cooks carter walker taylor turner miller mason porter parker
    ward park parks church chapel bell bird birds fox wolf swan crane lamb hart hawk dove
    north south east west english french irish welsh scott german holland england wales
    chase frank free freeman noble christian christmas easter sunday monday friday doctor
    nurse major colonel general sergeant judge pope bishop dean abbot deacon
    type level stage grade scan test tests result results clinic ward unit care cancer
    """.split()
)
MEDICAL_TITLES = frozenset("dr dr. doctor prof prof. professor nurse sister matron consultant surgeon".split())
SOCIAL_TITLES = frozenset("mr mr. mrs mrs. ms ms. miss mx mx. rev rev. reverend sir dame lady lord".split())
SIGN_OFFS = (
    r"(?:thanks|thank\s+you|many\s+thanks|thanks\s+again|cheers|love|lots\s+of\s+love|"
    r"best|best\s+wishes|warm(?:est)?\s+wishes|kind\s+regards|regards|warm\s+regards|"
    r"all\s+the\s+best|take\s+care|bless(?:ings)?|xx+|x|sincerely|yours(?:\s+sincerely)?|"
    r"from|signed|god\s+bless|hugs)"
)
