"""What each source type can and cannot see, and the settings it takes, in a creator's words: shown by
`creatorwatch sources add --help` so nobody expects a source to find what its service never shows."""

from __future__ import annotations

from creatorwatch.core.sources.folder import PACE_MINUTES

ABOUT: dict[str, str] = {
    "huggingface": (
        "Models, datasets and spaces on the Hugging Face Hub whose names contain your watch terms (voice clones, "
        "LoRAs, fine-tunes), with their cards. The Hub's search never reads card text: name authors "
        "(--set authors=a,b) or tags (--set tags=lora,text-to-speech,base_model:…) to have their newest repos' "
        "cards read for your names. Token optional (--set kinds=models,datasets,spaces)."
    ),
    "civitai": (
        "AI images (with the prompts that made them) and models on Civitai. Models are searched by your watch "
        "terms; images cannot be searched by words, so they are read from the galleries of models found under "
        "your terms and from the uploaders, models or model versions you name (--set username=…, model_id=…, "
        "model_version_id=…). Civitai hides every model or image of a real person from its public API, and shows "
        "only safe-for-work images without an API key; mature content only with --set nsfw=yes. A model file you "
        "hold can be identified by its hash (--set hashes=SHA256,…)."
    ),
    "lumen": (
        "Takedown notices in the Lumen Database (DMCA, trademark, other) naming your watch terms in their text, "
        "the works they concern, the person they were sent for or their sender (--set fields=term,works,"
        "principal_name,sender_name). Needs a Lumen token; plain tokens see only host names of reported "
        "addresses, researcher tokens full addresses."
    ),
    "commoncrawl": (
        "Whether your own sites (--set domains=yoursite.example) or your profile on a shared host "
        "(domains=artstation.com/you) are in Common Crawl's newest crawls, the raw material of many training sets. "
        "It cannot show which model was trained on them."
    ),
    "wayback": (
        "Archived copies in the Wayback Machine of the pages you name (--set urls=…): independent evidence that "
        "a copy existed, even after it is taken down."
    ),
    "feed": (
        "New entries of an RSS or Atom feed you name (--set url=…): an AI gallery, a blog, a subreddit's public "
        "feed (https://www.reddit.com/r/NAME/new/.rss), with their pictures and audio."
    ),
    "page": (
        "A web page you name (--set url=…), its pictures, audio and text, checked again when it changes. The "
        "site's robots.txt is respected; nothing on the page is run."
    ),
    "youtube": (
        "New YouTube videos whose title or description name your watch terms. Needs a YouTube Data API key; "
        "about 100 searches a day. It sees titles and descriptions, not the videos' sound or pictures."
    ),
    "reddit": (
        "New Reddit posts naming your watch terms. Needs a Reddit app's id and secret; since November 2025 Reddit "
        "approves each new app first. Without one, use a feed source with a subreddit's .rss address."
    ),
    "spawning": (
        "Whether the addresses you name (--set urls=…) carry a do-not-train reservation in Spawning's registry. "
        "Needs a Spawning API key."
    ),
    "folder": (
        "Files in a folder on this computer (--set path=…): a downloaded dataset or AI outputs you collected, "
        "matched against your library. Nothing is sent anywhere. New or changed files are looked at every "
        f"{PACE_MINUTES} minutes while the window or creatorwatch run is open (--set interval=MINUTES changes it); "
        "files already looked at are not read again."
    ),
    "openai-compatible": (
        "Asks a chat model (OpenAI, Mistral, Groq, OpenRouter, a local Ollama or llama.cpp server …) whether it "
        "reproduces your texts, with creatorwatch probe. Sends excerpts of the works you switch on to that "
        "endpoint (--base-url …, --set model=…)."
    ),
    "anthropic": (
        "Asks an Anthropic model whether it reproduces your texts, with creatorwatch probe. Sends excerpts of the "
        "works you switch on (--set model=…)."
    ),
    "openai-images": (
        "Asks an image model for pictures from your names and titles, with creatorwatch probe, and matches them "
        "against your library (--base-url …, --set model=…)."
    ),
}


def about(type_name: str) -> str:
    return ABOUT.get(type_name, "")
