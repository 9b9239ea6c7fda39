"""What the bot says, in one place."""

from __future__ import annotations

WELCOME = (
    "Hi! I draft Facebook posts with you and remember how you like them.\n\n"
    "Send me a brief (what the post is about) and I will write a draft. React with the "
    'buttons, or tell me in your own words ("way too long", "more professional", '
    '"no hashtags"), or reply to a draft with your own version. Approve when it is right.'
)
HELP = (
    "Send a brief to get a draft. While a draft is open, anything you write is feedback; "
    "reply to a draft with your own version to teach me your style directly.\n\n"
    "/new [brief] - start over (with a brief: draft it at once)\n"
    "/stats - how it is going: approvals, satisfaction, most frequent feedback\n"
    "/sessions - your recent sessions\n"
    "/context - what your next draft will be written from\n"
    "/preferences - what I have learned about your style\n"
    "/set key value - state a preference (length 15-400, formality casual|neutral|formal, "
    "emoji 0-10, hashtags 0-10, cta yes|no)\n"
    "/reset_preferences - forget what I learned\n"
    "/export - all your data as a JSON file\n"
    "/forget - erase everything I store about you"
)
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Say hello"),
    ("help", "How this works"),
    ("new", "Start a new post (optionally with its brief)"),
    ("stats", "Your approvals, satisfaction and feedback"),
    ("sessions", "Your recent sessions"),
    ("context", "What your next draft will be written from"),
    ("preferences", "What I have learned about your style"),
    ("set", "Set a preference: /set length 60"),
    ("reset_preferences", "Forget what I learned"),
    ("export", "Download all your data"),
    ("forget", "Erase everything about you"),
)
NOT_ALLOWED = "Sorry, this bot is private. Ask its owner to add your Telegram user id."
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
STALE_BUTTON = "That button is not valid any more."
FORGET_QUESTION = (
    "This erases everything I store about you: sessions, messages, drafts, feedback and "
    "learned preferences. It cannot be undone. Erase it all?"
)
