using System;
using System.Collections.Generic;
using System.Linq;

namespace SlotFilling;

/// <summary>The slots of the lecture notes' booking system, and "other" for every word that fills none.</summary>
public enum Slot
{
    Other,
    Destination,
    Departure,
    ArrivalTime,
    DepartureTime,
}

/// <summary>A travel request: its words and the slot of each.</summary>
public sealed record Request(string[] Words, Slot[] Slots)
{
    public override string ToString() => string.Join(" ", Words);
}

/// <summary>
/// Makes travel requests from a grammar, with a seed: an arriving phrase makes the place after it the destination and
/// the time after that the time of arrival; a leaving phrase makes them the place and time of departure. The same
/// city is a destination in one request and a place of departure in the next, so a tagger that looks at a word alone
/// cannot do better than guess: it has to remember what came before (the notes' argument for a recurrent network).
/// </summary>
public sealed class Grammar
{
    /// <summary>Cities of the training requests (several of them two words long).</summary>
    public static readonly string[] TrainingCities =
    {
        "Taipei", "Tokyo", "Boston", "New York", "San Francisco", "Los Angeles", "Kaohsiung", "Tainan", "Paris",
        "London", "Berlin", "Seattle", "Denver", "Chicago", "Osaka", "Seoul", "Hong Kong", "Singapore", "Sydney",
        "Toronto", "Vancouver", "Madrid", "Rome", "Vienna", "Prague", "Dublin", "Lisbon", "Oslo", "Helsinki", "Zurich",
    };

    /// <summary>Cities only the held-out requests name: the tagger has never seen them and must go by context and spelling.</summary>
    public static readonly string[] UnseenCities = { "Taichung", "Kyoto", "Austin", "Miami", "Munich", "Milan", "Athens", "Cairo", "Hanoi", "Lima" };

    private static readonly string[][] Arriving =
    {
        new[] { "arrive" }, new[] { "arrive", "in" }, new[] { "arriving", "in" }, new[] { "get", "to" }, new[] { "land", "in" },
        new[] { "fly", "to" }, new[] { "go", "to" }, new[] { "reach" }, new[] { "travel", "to" }, new[] { "be", "in" },
    };

    private static readonly string[][] Leaving =
    {
        new[] { "leave" }, new[] { "leave", "from" }, new[] { "leaving" }, new[] { "depart", "from" }, new[] { "departing" },
        new[] { "fly", "out", "of" }, new[] { "get", "out", "of" }, new[] { "start", "from" }, new[] { "set", "off", "from" },
    };

    private static readonly string[][] Openings =
    {
        Array.Empty<string>(), new[] { "i", "would", "like", "to" }, new[] { "i", "want", "to" }, new[] { "i", "need", "to" },
        new[] { "please", "help", "me" }, new[] { "can", "i" }, new[] { "we", "have", "to" }, new[] { "i", "must" },
        new[] { "my", "boss", "wants", "me", "to" }, new[] { "i", "plan", "to" },
    };

    private static readonly string[] Months =
    {
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    };

    private static readonly string[] Weekdays = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

    private readonly Random _random;
    private readonly string[] _cities;

    /// <summary>A grammar drawing cities from <paramref name="cities"/>, with its own seed.</summary>
    public Grammar(int seed, string[] cities)
    {
        _random = new Random(seed);
        _cities = cities;
    }

    /// <summary>The next request.</summary>
    public Request Next()
    {
        var words = new List<string>();
        var slots = new List<Slot>();
        void Add(IEnumerable<string> tokens, Slot slot)
        {
            foreach (string token in tokens)
            {
                words.Add(token);
                slots.Add(slot);
            }
        }

        Add(Pick(Openings), Slot.Other);
        bool arriveFirst = _random.Next(2) == 0;
        int legs = _random.Next(3) == 0 ? 2 : 1;
        for (int leg = 0; leg < legs; leg++)
        {
            bool arriving = arriveFirst ^ (leg == 1);
            if (leg == 1)
            {
                Add(_random.Next(2) == 0 ? new[] { "and" } : new[] { "and", "then" }, Slot.Other);
            }

            Add(Pick(arriving ? Arriving : Leaving), Slot.Other);
            Add(City().Split(' '), arriving ? Slot.Destination : Slot.Departure);
            if (_random.Next(4) != 0)
            {
                Time(words, slots, arriving ? Slot.ArrivalTime : Slot.DepartureTime);
            }
        }

        if (_random.Next(4) == 0)
        {
            Add(Pick(new[] { new[] { "please" }, new[] { "if", "possible" }, new[] { "thanks" }, new[] { "by", "train" } }), Slot.Other);
        }

        return new Request(words.ToArray(), slots.ToArray());
    }

    private string City() => _cities[_random.Next(_cities.Length)];

    private T Pick<T>(T[] choices) => choices[_random.Next(choices.Length)];

    /// <summary>A time phrase: the little words around it are "other", the words that say the time are the slot.</summary>
    private void Time(List<string> words, List<Slot> slots, Slot slot)
    {
        void Add(Slot s, params string[] tokens)
        {
            words.AddRange(tokens);
            slots.AddRange(Enumerable.Repeat(s, tokens.Length));
        }

        switch (_random.Next(6))
        {
            case 0:
                Add(Slot.Other, "on");
                Add(slot, Pick(Months), Ordinal(_random.Next(1, 29)));
                break;
            case 1:
                Add(Slot.Other, "on");
                Add(slot, Pick(Weekdays));
                break;
            case 2:
                Add(Slot.Other, Pick(new[] { "at", "by", "before", "after" }));
                Add(slot, _random.Next(1, 13).ToString(System.Globalization.CultureInfo.InvariantCulture), Pick(new[] { "am", "pm" }));
                break;
            case 3:
                Add(slot, Pick(new[] { "tomorrow", "tonight", "today" }));
                if (_random.Next(2) == 0)
                {
                    Add(slot, Pick(new[] { "morning", "evening", "afternoon" }));
                }

                break;
            case 4:
                Add(Slot.Other, Pick(new[] { "next", "this" }));
                Add(slot, Pick(Weekdays));
                break;
            default:
                Add(Slot.Other, Pick(new[] { "on", "by" }));
                Add(slot, Ordinal(_random.Next(1, 29)), "of", Pick(Months));
                break;
        }
    }

    private static string Ordinal(int day) =>
        day.ToString(System.Globalization.CultureInfo.InvariantCulture) + (day is 1 or 21 ? "st" : day is 2 or 22 ? "nd" : day is 3 or 23 ? "rd" : "th");
}
